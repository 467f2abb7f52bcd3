namespace Commune.Agents;

/// <summary>
/// What a directory shard keeps per agent: enough to answer <c>GET /v1/agents</c> filters, pick an agent by capability, notice missed
/// heartbeats and total the time agents spend working and waiting, without activating the agents.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentEntry")]
public sealed record AgentEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Profile,
    [property: Id(3)] IReadOnlyList<string> Capabilities,
    [property: Id(4)] AgentStatus Status,
    [property: Id(5)] string? CurrentTask,
    [property: Id(6)] int HeldTasks,
    [property: Id(7)] int MaxConcurrentTasks,
    [property: Id(8)] DateTimeOffset LastHeartbeat,
    [property: Id(9)] DateTimeOffset StatusSince,
    [property: Id(10)] string? Pool,
    [property: Id(11)] long Version,
    [property: Id(12)] TimeSpan WorkingTime,
    [property: Id(13)] TimeSpan IdleTime,
    [property: Id(14)] bool Ended);
