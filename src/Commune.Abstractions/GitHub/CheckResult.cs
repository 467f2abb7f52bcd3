namespace Commune.GitHub;

/// <summary>The latest conclusion of one check on one head SHA.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.CheckResult")]
public sealed record CheckResult(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] string HeadSha,
    [property: Id(3)] string? Conclusion,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? DetailsUrl);
