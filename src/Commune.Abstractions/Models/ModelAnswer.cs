namespace Commune.Models;

/// <summary>
/// A successful completion and who actually produced it. <see cref="FinishReason"/> is OpenAI's vocabulary (stop, length,
/// tool_calls, content_filter) whichever provider answered; <see cref="ToolCalls"/> holds the calls when it is tool_calls.
/// <see cref="ReasoningSignature"/> is the provider's signature of <see cref="Reasoning"/> (Anthropic), which a caller sends back with
/// the reasoning in its next turn.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelAnswer")]
public sealed record ModelAnswer(
    [property: Id(0)] string Text,
    [property: Id(1)] string? Reasoning,
    [property: Id(2)] string Provider,
    [property: Id(3)] string Model,
    [property: Id(4)] bool Simulated,
    [property: Id(5)] string FinishReason,
    [property: Id(6)] TokenUsage Usage,
    [property: Id(7)] decimal CostUsd,
    [property: Id(8)] IReadOnlyList<ToolCall>? ToolCalls = null,
    [property: Id(9)] string? ReasoningSignature = null);
