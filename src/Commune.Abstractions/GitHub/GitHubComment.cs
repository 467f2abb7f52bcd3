namespace Commune.GitHub;

/// <summary>An issue comment on a PR, or a review (line) comment when <see cref="Path"/> is set.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubComment")]
public sealed record GitHubComment(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Author,
    [property: Id(2)] string Body,
    [property: Id(3)] string? Path,
    [property: Id(4)] int? Line,
    [property: Id(5)] string? Url);
