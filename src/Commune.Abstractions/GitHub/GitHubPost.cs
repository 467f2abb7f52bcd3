namespace Commune.GitHub;

/// <summary>What became of a post: GitHub's id and URL when live, <see cref="Recorded"/> when only recorded.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubPost")]
public sealed record GitHubPost(
    [property: Id(0)] string Kind,
    [property: Id(1)] string PullRequest,
    [property: Id(2)] long? Id,
    [property: Id(3)] string? Url,
    [property: Id(4)] bool Recorded,
    [property: Id(5)] DateTimeOffset PostedAt);
