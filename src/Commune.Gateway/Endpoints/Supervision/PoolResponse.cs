using Commune.Agents;
using Commune.Supervision;

namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>A pool as the HTTP API shows it: declaration, counts, workers (live and ended) and the last scaling decision.</summary>
public sealed record PoolResponse(
    string Name,
    string Role,
    string? Profile,
    IReadOnlyList<string> Capabilities,
    int Min,
    int Max,
    double? IdleRetireSeconds,
    int Live,
    int Idle,
    int Working,
    IReadOnlyList<PoolMemberResponse> Members,
    ScalingDecision? LastDecision,
    DateTimeOffset DeclaredAt,
    DateTimeOffset? DeletedAt)
{
    public static PoolResponse From(PoolView p)
    {
        var live = p.Members.Where(m => !m.Ended && m.Status != AgentStatus.Offline).ToList();
        return new(
            p.Spec.Name, p.Spec.Role, p.Spec.Profile, p.Spec.Capabilities, p.Spec.Min, p.Spec.Max, p.Spec.IdleRetire?.TotalSeconds,
            live.Count, live.Count(m => m.Status == AgentStatus.Idle), live.Count(m => m.Status == AgentStatus.Working),
            [.. p.Members.Select(PoolMemberResponse.From)], p.LastDecision, p.DeclaredAt, p.DeletedAt);
    }
}
