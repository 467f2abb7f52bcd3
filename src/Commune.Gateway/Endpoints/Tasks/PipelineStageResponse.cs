using System.Text.Json;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>A pipeline stage as the HTTP API shows it; <c>task_id</c> and <c>status</c> are null until the stage starts.</summary>
public sealed record PipelineStageResponse(
    string Name,
    string Role,
    string? Title,
    string? Description,
    int? MaxAttempts,
    string? TaskId,
    string? Status,
    JsonElement? Output,
    string? Error)
{
    public static PipelineStageResponse From(PipelineStageView s) => new(
        s.Stage.Name, s.Stage.Role, s.Stage.Title, s.Stage.Description, s.Stage.MaxAttempts, s.TaskId, s.Status?.Name(), JsonBody.Parse(s.Output), s.Error);
}
