using Commune.Agents;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>A directory entry in <c>GET /v1/agents</c>: what the shard knows, without activating the agent.</summary>
public sealed record AgentSummaryResponse(
    string Id,
    string Role,
    string? Profile,
    IReadOnlyList<string> Capabilities,
    string Status,
    string? CurrentTask,
    int HeldTasks,
    int MaxConcurrentTasks,
    DateTimeOffset LastHeartbeat,
    DateTimeOffset StatusSince,
    string? Pool,
    bool Ended)
{
    public static AgentSummaryResponse From(AgentEntry e) => new(
        e.Id, e.Role, e.Profile, e.Capabilities, e.Status.Name(), e.CurrentTask, e.HeldTasks, e.MaxConcurrentTasks, e.LastHeartbeat,
        e.StatusSince, e.Pool, e.Ended);
}
