namespace Commune.Models;

/// <summary>A chat request as the chain executes it.</summary>
/// <param name="Target">A profile name or a concrete <c>provider/model</c>.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="MaxTokens">Output cap; the profile's <c>maxTokens</c> when not given.</param>
/// <param name="Temperature">Sampling temperature, passed through.</param>
/// <param name="Scopes">Budget ledgers charged for the call.</param>
/// <param name="RequestId">Correlates logs and the attempt trail with the caller's request.</param>
/// <param name="Tools">Function tools the model may call; Commune carries them and the calls, it never runs them.</param>
/// <param name="ToolChoice">How the model may use <paramref name="Tools"/>; the provider's default (auto) when null.</param>
/// <param name="ParallelToolCalls">Whether the model may ask for several calls in one turn; the provider's default when null.</param>
/// <param name="ResponseFormat">Structured output; plain text when null.</param>
/// <param name="StopSequences">Sequences that end the output.</param>
/// <param name="TopP">Nucleus sampling, passed through.</param>
/// <param name="ThinkingBudget">Extended-thinking token budget asked by the caller (Anthropic <c>thinking</c>, OpenAI reasoning effort mapped to tokens).</param>
/// <param name="User">The end user the caller names (OpenAI <c>user</c>, Anthropic <c>metadata.user_id</c>), passed on.</param>
[GenerateSerializer, Immutable, Alias("commune.models.ModelCall")]
public sealed record ModelCall(
    [property: Id(0)] string Target,
    [property: Id(1)] IReadOnlyList<ChatTurn> Messages,
    [property: Id(2)] int? MaxTokens = null,
    [property: Id(3)] double? Temperature = null,
    [property: Id(4)] BudgetScopes? Scopes = null,
    [property: Id(5)] string? RequestId = null,
    [property: Id(6)] IReadOnlyList<ToolDefinition>? Tools = null,
    [property: Id(7)] ToolChoice? ToolChoice = null,
    [property: Id(8)] bool? ParallelToolCalls = null,
    [property: Id(9)] ResponseFormat? ResponseFormat = null,
    [property: Id(10)] IReadOnlyList<string>? StopSequences = null,
    [property: Id(11)] double? TopP = null,
    [property: Id(12)] int? ThinkingBudget = null,
    [property: Id(13)] string? User = null);
