namespace Commune.GitHub;

/// <summary>
/// What an agent concluded about the PR: a CI triage (<see cref="Kind"/> <c>ci-triage</c>, <see cref="Check"/> set) or a review
/// (<c>review</c>). <see cref="Posted"/> is the comment or review it posted (recorded only when GitHub output is not live).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.AgentSummary")]
public sealed record AgentSummary(
    [property: Id(0)] string Kind,
    [property: Id(1)] string HeadSha,
    [property: Id(2)] string? Check,
    [property: Id(3)] string Text,
    [property: Id(4)] string? Model,
    [property: Id(5)] bool Simulated,
    [property: Id(6)] long Tokens,
    [property: Id(7)] GitHubPost? Posted,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string? Error);
