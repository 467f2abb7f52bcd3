namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>POST /v1/agents/{id}/end</c>: the agent hands off for good (until registered again).</summary>
public sealed record EndAgentRequest(string? Reason);
