namespace Commune.GitHub;

/// <summary>A human review from a <c>pull_request_review</c> payload: <see cref="State"/> is GitHub's (approved, changes_requested, commented, dismissed).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubReviewEvent")]
public sealed record GitHubReviewEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Author,
    [property: Id(2)] string State,
    [property: Id(3)] string? Body,
    [property: Id(4)] string? CommitSha);
