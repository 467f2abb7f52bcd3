namespace Commune.Agents;

/// <summary>An agent as <c>GET /v1/agents/{id}</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Profile,
    [property: Id(3)] IReadOnlyList<string> Capabilities,
    [property: Id(4)] int MaxConcurrentTasks,
    [property: Id(5)] AgentStatus Status,
    [property: Id(6)] string? CurrentTask,
    [property: Id(7)] IReadOnlyList<string> HeldTasks,
    [property: Id(8)] DateTimeOffset? LastHeartbeat,
    [property: Id(9)] DateTimeOffset RegisteredAt,
    [property: Id(10)] DateTimeOffset StatusSince,
    [property: Id(11)] string? StatusReason,
    [property: Id(12)] HandoffPolicy Handoff,
    [property: Id(13)] string? Pool,
    [property: Id(14)] string? Parent,
    [property: Id(15)] IReadOnlyList<string> Subscriptions,
    [property: Id(16)] int InboxCount,
    [property: Id(17)] TimeSpan WorkingTime,
    [property: Id(18)] TimeSpan IdleTime,
    [property: Id(19)] DateTimeOffset? EndedAt,
    [property: Id(20)] long Version);
