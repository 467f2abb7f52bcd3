namespace Commune.Analytics;

/// <summary>An edge of the leader→follower graph: a pair whose larger time-delayed MI is significant.</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationLead")]
public sealed record CoordinationLead(
    [property: Id(0)] string Leader,
    [property: Id(1)] string Follower,
    [property: Id(2)] double Tdmi,
    [property: Id(3)] double PValue);
