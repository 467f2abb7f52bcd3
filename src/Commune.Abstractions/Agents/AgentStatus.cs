namespace Commune.Agents;

/// <summary>Seed 002's agent statuses. An agent is <see cref="Offline"/> when it says so, misses its heartbeats, or has ended.</summary>
public enum AgentStatus
{
    Idle = 0,
    Working = 1,
    Offline = 2,
}
