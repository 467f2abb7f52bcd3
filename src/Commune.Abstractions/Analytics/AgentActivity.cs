namespace Commune.Analytics;

/// <summary>
/// What the audit feed learned about one agent from one batch: its observations, and (when the batch held a registration entry) the
/// pool and parent it is registered with, from which its implicit teams follow.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.AgentActivity")]
public sealed record AgentActivity(
    [property: Id(0)] IReadOnlyList<CoordinationObservation> Observations,
    [property: Id(1)] bool Registration,
    [property: Id(2)] string? Pool,
    [property: Id(3)] string? Parent);
