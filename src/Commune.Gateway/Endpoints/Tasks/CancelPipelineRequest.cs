namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/pipelines/{id}/cancel</c>.</summary>
public sealed record CancelPipelineRequest(string? Reason);
