namespace Commune.GitHub;

/// <summary>
/// A review of one head SHA. <see cref="Status"/> is <c>running</c>, <c>completed</c> or <c>failed</c>; <see cref="DiffIncluded"/> says
/// whether the reviewers saw the diff or only the title, description and refs.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewView")]
public sealed record ReviewView(
    [property: Id(0)] string PullRequest,
    [property: Id(1)] string HeadSha,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Verdict,
    [property: Id(4)] string? Summary,
    [property: Id(5)] IReadOnlyList<ReviewFinding> Findings,
    [property: Id(6)] IReadOnlyList<ReviewerRun> Reviewers,
    [property: Id(7)] long TokensUsed,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset? CompletedAt,
    [property: Id(10)] string? Error,
    [property: Id(11)] GitHubPost? Posted,
    [property: Id(12)] bool BudgetExceeded = false,
    [property: Id(13)] bool DiffIncluded = false);
