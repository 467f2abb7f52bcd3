using System.Text.Json;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>A subtask's result as collected on its parent; <c>agent_id</c> is null for the result recorded when the subtask finished.</summary>
public sealed record PartialResultResponse(string SubtaskId, string? AgentId, string Status, JsonElement? Result, DateTimeOffset At)
{
    public static PartialResultResponse From(PartialResult p) => new(p.SubtaskId, p.AgentId, p.Status, JsonBody.Parse(p.Result), p.At);
}
