namespace Commune.Models;

/// <summary>A chat request as the chain executes it.</summary>
/// <param name="Target">A profile name or a concrete <c>provider/model</c>.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="MaxTokens">Output cap; the profile's <c>maxTokens</c> when not given.</param>
/// <param name="Temperature">Sampling temperature, passed through.</param>
/// <param name="Scopes">Budget ledgers charged for the call.</param>
/// <param name="RequestId">Correlates logs and the attempt trail with the caller's request.</param>
[GenerateSerializer, Immutable, Alias("commune.models.ModelCall")]
public sealed record ModelCall(
    [property: Id(0)] string Target,
    [property: Id(1)] IReadOnlyList<ChatTurn> Messages,
    [property: Id(2)] int? MaxTokens = null,
    [property: Id(3)] double? Temperature = null,
    [property: Id(4)] BudgetScopes? Scopes = null,
    [property: Id(5)] string? RequestId = null);
