namespace Commune.GitHub;

/// <summary>One reviewer's part in a review: its role, profile, the model that answered, what it found and what it cost.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewerRun")]
public sealed record ReviewerRun(
    [property: Id(0)] string Role,
    [property: Id(1)] string Profile,
    [property: Id(2)] string? Model,
    [property: Id(3)] bool Simulated,
    [property: Id(4)] int Findings,
    [property: Id(5)] long Tokens,
    [property: Id(6)] string? Error);
