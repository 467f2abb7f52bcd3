using System.Text.Json.Nodes;
using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>A parent's result when its subtasks are done (seed 002's aggregation): their results in the order they were added.</summary>
public static class Aggregation
{
    public static string Of(IReadOnlyList<string> children, IReadOnlyList<PartialResult> partials)
    {
        var subtasks = new JsonArray();
        foreach (var child in children)
        {
            var final = partials.LastOrDefault(p => p.SubtaskId == child && p.AgentId is null);
            subtasks.Add(new JsonObject
            {
                ["id"] = child,
                ["status"] = final?.Status,
                ["result"] = final?.Result is { } r ? JsonNode.Parse(r) : null,
            });
        }

        var reported = new JsonArray();
        foreach (var partial in partials.Where(p => p.AgentId is not null))
        {
            reported.Add(new JsonObject
            {
                ["subtask_id"] = partial.SubtaskId,
                ["agent_id"] = partial.AgentId,
                ["status"] = partial.Status,
                ["result"] = partial.Result is { } r ? JsonNode.Parse(r) : null,
            });
        }

        return new JsonObject { ["subtasks"] = subtasks, ["partial_results"] = reported, ["subtasks_completed"] = children.Count }.ToJsonString();
    }
}
