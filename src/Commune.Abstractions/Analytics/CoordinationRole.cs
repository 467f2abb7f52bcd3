namespace Commune.Analytics;

/// <summary>An agent's specialization: its most frequent role label in the window, that label's share, and whether it passes the threshold.</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationRole")]
public sealed record CoordinationRole(
    [property: Id(0)] string Agent,
    [property: Id(1)] string? Dominant,
    [property: Id(2)] double Share,
    [property: Id(3)] bool Specialized,
    [property: Id(4)] int Actions);
