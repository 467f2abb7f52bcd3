namespace Commune.Grains.Agents;

/// <summary>
/// Agent liveness, directory and inbox settings, bound from the <c>Fleet</c> section (<c>Agents</c> already holds the profiles).
/// </summary>
public sealed class FleetOptions
{
    public const string SectionName = "Fleet";

    /// <summary>How often agents are expected to heartbeat (seed 002: 30 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Heartbeats an agent may miss before it is marked offline.</summary>
    public int MissedHeartbeats { get; set; } = 3;

    /// <summary>Directory shards; agents spread over them by a hash of their id. Changing it needs a cluster restart.</summary>
    public int DirectoryShards { get; set; } = 8;

    /// <summary>How often each shard looks for agents that stopped heartbeating.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Unacknowledged messages an inbox holds; more are refused with 429 until the agent acknowledges some.</summary>
    public int InboxCapacity { get; set; } = 1000;

    /// <summary>Default for an agent that registers without <c>max_concurrent_tasks</c>.</summary>
    public int DefaultMaxConcurrentTasks { get; set; } = 1;

    /// <summary>Topics each role subscribes to on registration, e.g. <c>Fleet:RoleSubscriptions:orchestrator:0=orchestrators</c>.</summary>
    public Dictionary<string, string[]> RoleSubscriptions { get; set; } = new(StringComparer.Ordinal)
    {
        ["orchestrator"] = ["orchestrators", "reviews"],
        ["monitor"] = ["orchestrators"],
    };

    /// <summary>Heartbeats closer together than this are acknowledged but not forwarded (seed 002: use heartbeats sparingly).</summary>
    public TimeSpan HeartbeatCoalescing => HeartbeatInterval / 3;

    /// <summary>How long without a heartbeat makes an agent offline.</summary>
    public TimeSpan OfflineAfter => HeartbeatInterval * MissedHeartbeats;
}
