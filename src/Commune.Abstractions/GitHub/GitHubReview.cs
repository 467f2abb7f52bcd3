namespace Commune.GitHub;

/// <summary>A review to post: <see cref="Event"/> is GitHub's <c>APPROVE</c>, <c>REQUEST_CHANGES</c> or <c>COMMENT</c>.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubReview")]
public sealed record GitHubReview(
    [property: Id(0)] string CommitSha,
    [property: Id(1)] string Event,
    [property: Id(2)] string Body,
    [property: Id(3)] IReadOnlyList<GitHubReviewComment> Comments);

/// <summary>A line comment of a review (<see cref="Line"/> on the new side of <see cref="Path"/>).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubReviewComment")]
public sealed record GitHubReviewComment([property: Id(0)] string Path, [property: Id(1)] int Line, [property: Id(2)] string Body);
