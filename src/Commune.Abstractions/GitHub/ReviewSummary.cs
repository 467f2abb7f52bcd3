namespace Commune.GitHub;

/// <summary>
/// A finished review as its session records it. <see cref="Verdict"/> is <c>APPROVE</c> or <c>REQUEST_CHANGES</c>, or null when the review
/// could not finish (<see cref="Error"/> says why, e.g. the PR's budget ran out).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewSummary")]
public sealed record ReviewSummary(
    [property: Id(0)] string HeadSha,
    [property: Id(1)] string? Verdict,
    [property: Id(2)] string Summary,
    [property: Id(3)] int FindingCount,
    [property: Id(4)] long TokensUsed,
    [property: Id(5)] DateTimeOffset CompletedAt,
    [property: Id(6)] string? Error,
    [property: Id(7)] bool BudgetExceeded);
