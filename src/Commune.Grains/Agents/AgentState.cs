using Commune.Agents;

namespace Commune.Grains.Agents;

/// <summary>An agent's registration and life. Heartbeat times are not written on every heartbeat: the directory keeps them.</summary>
[GenerateSerializer, Alias("commune.agents.AgentState")]
public sealed class AgentState
{
    [Id(0)] public string? Role { get; set; }

    [Id(1)] public string? Profile { get; set; }

    [Id(2)] public List<string> Capabilities { get; set; } = [];

    [Id(3)] public int MaxConcurrentTasks { get; set; } = 1;

    [Id(4)] public string? Pool { get; set; }

    [Id(5)] public string? Parent { get; set; }

    [Id(6)] public DateTimeOffset RegisteredAt { get; set; }

    [Id(7)] public AgentStatus Status { get; set; }

    [Id(8)] public DateTimeOffset StatusSince { get; set; }

    [Id(9)] public string? StatusReason { get; set; }

    [Id(10)] public string? CurrentTask { get; set; }

    [Id(11)] public DateTimeOffset? LastHeartbeat { get; set; }

    /// <summary>Tasks held, with the epoch of the claim (the fencing token a heartbeat renews with).</summary>
    [Id(12)] public Dictionary<string, long> Held { get; set; } = new(StringComparer.Ordinal);

    [Id(13)] public List<string> Subscriptions { get; set; } = [];

    /// <summary>Closed working/idle intervals; the open one is added from <see cref="StatusSince"/> when read.</summary>
    [Id(14)] public TimeSpan WorkingTime { get; set; }

    [Id(15)] public TimeSpan IdleTime { get; set; }

    [Id(16)] public DateTimeOffset? EndedAt { get; set; }

    [Id(17)] public long Version { get; set; }
}
