namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>PUT /v1/agents/{id}/status</c> (seed 002's agent_update_status): status and the task being worked on.</summary>
public sealed record StatusRequest(string? Status, string? Task, string? Reason);
