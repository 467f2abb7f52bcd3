using System.Text.Json;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>A task as the HTTP API shows it (snake_case; checkpoint, result and input as JSON).</summary>
public sealed record TaskResponse(
    string Id,
    string Title,
    string? Description,
    string Status,
    string? StatusReason,
    string Priority,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> WaitingOn,
    IReadOnlyList<string> Dependents,
    string? ParentId,
    IReadOnlyList<string> Children,
    string? Complexity,
    string? RequiredCapability,
    string? Role,
    int MaxAttempts,
    IReadOnlyList<DoneCheck> DoneChecks,
    string? AgentId,
    long Epoch,
    DateTimeOffset? LeaseExpiresAt,
    int FailedAttempts,
    IReadOnlyList<TaskAttempt> Attempts,
    IReadOnlyList<string> Constraints,
    IReadOnlyList<string> Notes,
    int Progress,
    JsonElement? Checkpoint,
    JsonElement? Input,
    JsonElement? Result,
    string? Error,
    IReadOnlyList<TaskReview> Reviews,
    IReadOnlyList<PartialResultResponse> PartialResults,
    string? PipelineId,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    long Version)
{
    public static TaskResponse From(TaskView t) => new(
        t.Spec.Id, t.Spec.Title, t.Spec.Description, t.Status.Name(), t.StatusReason, t.Spec.Priority.Name(), t.Spec.Tags, t.Spec.DependsOn,
        t.WaitingOn, t.Dependents, t.Spec.ParentId, t.Children, t.Spec.Complexity, t.Spec.RequiredCapability, t.Spec.Role, t.Spec.MaxAttempts,
        t.Spec.DoneChecks, t.AgentId, t.Epoch, t.LeaseExpiresAt, t.AttemptCount, t.Attempts, t.Constraints, t.Notes, t.Progress,
        JsonBody.Parse(t.Checkpoint), JsonBody.Parse(t.Spec.Input), JsonBody.Parse(t.Result), t.Error, t.Reviews,
        [.. t.PartialResults.Select(PartialResultResponse.From)], t.Spec.PipelineId, t.Spec.CreatedBy, t.CreatedAt, t.UpdatedAt, t.CompletedAt,
        t.Version);
}
