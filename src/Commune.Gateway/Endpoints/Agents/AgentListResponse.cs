namespace Commune.Gateway.Endpoints.Agents;

/// <summary>A page of <c>GET /v1/agents</c>; pass <see cref="NextAfter"/> as <c>after</c> for the next page (null: no more).</summary>
public sealed record AgentListResponse(IReadOnlyList<AgentSummaryResponse> Agents, string? NextAfter);
