using Commune.Agents;

namespace Commune.Supervision;

/// <summary>A pool worker as the directory last saw it.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.PoolMember")]
public sealed record PoolMember(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentStatus Status,
    [property: Id(2)] string? CurrentTask,
    [property: Id(3)] DateTimeOffset StatusSince,
    [property: Id(4)] bool Ended);
