namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>POST /v1/agents</c> (seed 002's agent_register).</summary>
public sealed record RegisterAgentRequest(
    string? Name,
    string? Role,
    string? Profile,
    IReadOnlyList<string>? Capabilities,
    int? MaxConcurrentTasks,
    IReadOnlyList<string>? Subscriptions);
