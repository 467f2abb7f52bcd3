namespace Commune.GitHub;

/// <summary>A review a person submitted on the PR (from <c>pull_request_review</c>).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.HumanReview")]
public sealed record HumanReview(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Author,
    [property: Id(2)] string State,
    [property: Id(3)] string? CommitSha,
    [property: Id(4)] DateTimeOffset At);
