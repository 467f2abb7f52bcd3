namespace Commune.GitHub;

/// <summary>
/// A recorded post: <see cref="Kind"/> <c>comment</c> or <c>review</c>; for a review, <see cref="Event"/> (APPROVE, REQUEST_CHANGES,
/// COMMENT), <see cref="CommitSha"/> and its line comments.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.OutboxEntry")]
public sealed record OutboxEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string PullRequest,
    [property: Id(3)] string Body,
    [property: Id(4)] string? CommitSha,
    [property: Id(5)] string? Event,
    [property: Id(6)] IReadOnlyList<GitHubReviewComment> Comments,
    [property: Id(7)] DateTimeOffset PostedAt);
