using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>PATCH /v1/tasks/{id}</c>: the holder's progress report; <c>epoch</c> is optional but fences off a late report when given.</summary>
public sealed record UpdateTaskRequest(string? AgentId, long? Epoch, string? Notes, int? Progress, JsonElement? Checkpoint);
