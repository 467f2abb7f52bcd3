namespace Commune.Analytics;

/// <summary>
/// Two agents' measures over the window. States are each agent's dominant action per step (<c>idle</c> when none).
/// <see cref="MutualInformation"/>: I(A(t); B(t)). <see cref="AToB"/>/<see cref="BToA"/>: time-delayed I(A(t); B(t+1)) and
/// I(B(t); A(t+1)); <see cref="Leader"/> is the agent whose direction is larger (null when equal). <see cref="Synergy"/>,
/// <see cref="Redundancy"/>, <see cref="UniqueA"/>, <see cref="UniqueB"/>: the Williams–Beer (I_min) decomposition of what the pair's
/// states at t tell about the team's outcome at t+1.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationPair")]
public sealed record CoordinationPair(
    [property: Id(0)] string A,
    [property: Id(1)] string B,
    [property: Id(2)] CoordinationMeasure MutualInformation,
    [property: Id(3)] CoordinationMeasure AToB,
    [property: Id(4)] CoordinationMeasure BToA,
    [property: Id(5)] string? Leader,
    [property: Id(6)] CoordinationMeasure Synergy,
    [property: Id(7)] CoordinationMeasure Redundancy,
    [property: Id(8)] double UniqueA,
    [property: Id(9)] double UniqueB,
    [property: Id(10)] double OutcomeInformation);
