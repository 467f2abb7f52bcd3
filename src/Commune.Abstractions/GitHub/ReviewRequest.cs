namespace Commune.GitHub;

/// <summary>What a review needs to know about the PR at one head SHA (the diff is fetched through <see cref="IGitHubOutput"/>).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewRequest")]
public sealed record ReviewRequest(
    [property: Id(0)] PullRequestRef PullRequest,
    [property: Id(1)] string HeadSha,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Body,
    [property: Id(4)] string? Author,
    [property: Id(5)] string? BaseRef,
    [property: Id(6)] string? HeadRef,
    [property: Id(7)] string? TraceId);
