namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks/{id}/review</c>: a verdict from an agent other than the worker.</summary>
public sealed record ReviewRequest(string? AgentId, bool? Approved, IReadOnlyList<string>? Issues);
