namespace Commune.Analytics;

/// <summary>A team in the list: its name, member count when last seen, and when.</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationTeamEntry")]
public sealed record CoordinationTeamEntry(
    [property: Id(0)] string Team,
    [property: Id(1)] int Members,
    [property: Id(2)] DateTimeOffset SeenAt);
