namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks/{id}/cancel</c>.</summary>
public sealed record CancelRequest(string? Reason, string? By);
