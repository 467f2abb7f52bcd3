namespace Commune.Models;

/// <summary>A profile with its chain and alternation findings (<c>GET /v1/profiles</c>).</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ProfileView")]
public sealed record ProfileView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Source,
    [property: Id(2)] IReadOnlyList<ChainStepView> Chain,
    [property: Id(3)] int? MaxTokens,
    [property: Id(4)] string? Thinking,
    [property: Id(5)] long? BudgetLimit,
    [property: Id(6)] bool AllowSameProvider,
    [property: Id(7)] IReadOnlyList<AlternationFinding> Findings);
