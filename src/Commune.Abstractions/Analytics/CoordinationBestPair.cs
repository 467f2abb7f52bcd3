namespace Commune.Analytics;

/// <summary>For one task type: the pair whose states carry the most synergy about that type's outcomes.</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationBestPair")]
public sealed record CoordinationBestPair(
    [property: Id(0)] string TaskType,
    [property: Id(1)] string A,
    [property: Id(2)] string B,
    [property: Id(3)] double Synergy);
