namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks/{id}/claim</c>.</summary>
public sealed record ClaimRequest(string? AgentId, IReadOnlyList<string>? Capabilities, double? LeaseSeconds);
