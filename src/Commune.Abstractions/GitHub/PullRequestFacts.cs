namespace Commune.GitHub;

/// <summary>What a <c>pull_request</c> payload says about the PR itself.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.PullRequestFacts")]
public sealed record PullRequestFacts(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Body,
    [property: Id(2)] string? Author,
    [property: Id(3)] string HeadSha,
    [property: Id(4)] string? HeadRef,
    [property: Id(5)] string? BaseRef,
    [property: Id(6)] bool Merged,
    [property: Id(7)] string? Url);
