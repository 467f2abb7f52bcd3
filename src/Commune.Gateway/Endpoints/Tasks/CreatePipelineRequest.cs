using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/pipelines</c>: ordered stages by role, and the first stage's JSON input.</summary>
public sealed record CreatePipelineRequest(
    string? Id,
    string? Title,
    IReadOnlyList<PipelineStageRequest?>? Stages,
    JsonElement? Input,
    string? CreatedBy);
