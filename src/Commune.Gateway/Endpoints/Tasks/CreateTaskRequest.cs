using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks</c> (and each entry of a batch).</summary>
public sealed record CreateTaskRequest(
    string? Id,
    string? Title,
    string? Description,
    string? Priority,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? DependsOn,
    string? ParentId,
    string? Complexity,
    string? RequiredCapability,
    string? Role,
    int? MaxAttempts,
    IReadOnlyList<DoneCheckRequest>? DoneChecks,
    JsonElement? Input,
    string? CreatedBy);
