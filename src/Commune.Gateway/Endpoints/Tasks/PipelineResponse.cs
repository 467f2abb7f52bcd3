using System.Text.Json;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>A pipeline as the HTTP API shows it (snake_case; input and output as JSON).</summary>
public sealed record PipelineResponse(
    string Id,
    string Title,
    string Status,
    int CurrentStage,
    IReadOnlyList<PipelineStageResponse> Stages,
    JsonElement? Input,
    JsonElement? Output,
    string? Error,
    string? FailedStage,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PipelineResponse From(PipelineView p) => new(
        p.Id, p.Title, p.Status.Name(), p.CurrentStage, [.. p.Stages.Select(PipelineStageResponse.From)], JsonBody.Parse(p.Input),
        JsonBody.Parse(p.Output), p.Error, p.FailedStage, p.CreatedBy, p.CreatedAt, p.UpdatedAt);
}
