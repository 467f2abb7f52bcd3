using Commune.Agents;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>An agent as the HTTP API shows it; times in seconds.</summary>
public sealed record AgentResponse(
    string Id,
    string Name,
    string Role,
    string? Profile,
    IReadOnlyList<string> Capabilities,
    int MaxConcurrentTasks,
    string Status,
    string? StatusReason,
    DateTimeOffset StatusSince,
    string? CurrentTask,
    IReadOnlyList<string> HeldTasks,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset RegisteredAt,
    string Handoff,
    string? Pool,
    string? Parent,
    IReadOnlyList<string> Subscriptions,
    int InboxCount,
    double WorkingSeconds,
    double IdleSeconds,
    DateTimeOffset? EndedAt,
    long Version)
{
    public static AgentResponse From(AgentView a) => new(
        a.Id, a.Id, a.Role, a.Profile, a.Capabilities, a.MaxConcurrentTasks, a.Status.Name(), a.StatusReason, a.StatusSince, a.CurrentTask,
        a.HeldTasks, a.LastHeartbeat, a.RegisteredAt, a.Handoff.Name(), a.Pool, a.Parent, a.Subscriptions, a.InboxCount,
        Math.Round(a.WorkingTime.TotalSeconds, 3), Math.Round(a.IdleTime.TotalSeconds, 3), a.EndedAt, a.Version);
}
