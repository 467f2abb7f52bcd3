namespace Commune.Analytics;

/// <summary>
/// One periodic report, reduced to the team-level numbers plotted over time: mean pairwise synergy, redundancy and MI, the practical
/// criterion, emergence capacity and performance (null when undefined: fewer than two agents, no outcomes).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationPoint")]
public sealed record CoordinationPoint(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] long LastStep,
    [property: Id(2)] int Agents,
    [property: Id(3)] double? Synergy,
    [property: Id(4)] double? Redundancy,
    [property: Id(5)] double? MutualInformation,
    [property: Id(6)] double? PracticalCriterion,
    [property: Id(7)] double? EmergenceCapacity,
    [property: Id(8)] double? Performance);
