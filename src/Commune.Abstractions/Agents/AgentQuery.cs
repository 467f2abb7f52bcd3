namespace Commune.Agents;

/// <summary><c>GET /v1/agents?role=&amp;status=&amp;capability=&amp;pool=</c>: every filter given must match. Results are ordered by id.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentQuery")]
public sealed record AgentQuery(
    [property: Id(0)] string? Role,
    [property: Id(1)] AgentStatus? Status,
    [property: Id(2)] string? Capability,
    [property: Id(3)] string? Pool,
    [property: Id(4)] int Limit,
    [property: Id(5)] string? After = null)
{
    public bool Matches(AgentEntry entry) =>
        (Role is null || entry.Role == Role)
        && (Status is null || entry.Status == Status)
        && (Capability is null || entry.Capabilities.Contains(Capability))
        && (Pool is null || entry.Pool == Pool)
        && (After is null || string.CompareOrdinal(entry.Id, After) > 0);
}
