using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks/{parent}/partial_results</c>: seed 002's partial_result from a subtask's worker.</summary>
public sealed record PartialResultRequest(string? SubtaskId, string? AgentId, string? Status, JsonElement? Result);
