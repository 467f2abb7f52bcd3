namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>One stage of <c>POST /v1/pipelines</c>.</summary>
public sealed record PipelineStageRequest(string? Name, string? Role, string? Title, string? Description, int? MaxAttempts);
