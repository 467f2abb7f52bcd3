using Commune.Agents;
using Commune.Supervision;

namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>A pool worker: status as the directory last saw it.</summary>
public sealed record PoolMemberResponse(string Id, string Status, string? CurrentTask, DateTimeOffset StatusSince, bool Ended)
{
    public static PoolMemberResponse From(PoolMember m) => new(m.AgentId, m.Status.Name(), m.CurrentTask, m.StatusSince, m.Ended);
}
