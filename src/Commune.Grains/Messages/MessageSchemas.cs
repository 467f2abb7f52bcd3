using System.Text.Json;
using Commune.Messages;

namespace Commune.Grains.Messages;

/// <summary>
/// Seed 002's message types and the payload shape each requires. A required field is written <c>name</c> (any JSON value) or
/// <c>name:kind</c> with kind one of string, number, boolean, array, object. Every payload is a JSON object.
/// </summary>
public static class MessageSchemas
{
    public static readonly IReadOnlyList<string> Kinds = ["string", "number", "boolean", "array", "object"];

    public static readonly IReadOnlyDictionary<string, MessageTypeDefinition> BuiltIn = new[]
    {
        Define(MessageTypes.Heartbeat, "liveness; counts as the sender's heartbeat and is not delivered"),
        Define(MessageTypes.Broadcast, "an announcement to every agent (or every agent of to_role)"),
        Define(MessageTypes.Direct, "anything for one agent"),
        Define(MessageTypes.TaskClaim, "an agent says it took a task", "task_id:string"),
        Define(MessageTypes.TaskComplete, "an agent reports a task's outcome", "task_id:string"),
        Define(MessageTypes.RequestHelp, "an agent asks orchestrators for help"),
        Define(MessageTypes.ReviewRequest, "work offered for peer review", "task_id:string"),
        Define(MessageTypes.ReviewComplete, "a reviewer's verdict", "task_id:string", "approved:boolean"),
        Define(MessageTypes.VoteRequest, "a question put to a vote", "vote_id:string", "question:string", "options:array"),
        Define(MessageTypes.VoteResponse, "a ballot", "vote_id:string", "choice:string"),
        Define(MessageTypes.VoteResult, "a vote's outcome", "vote_id:string", "result"),
        Define(MessageTypes.PartialResult, "a subtask's result for its parent", "parent_task_id:string", "subtask_id:string", "result"),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Checks a type definition's field list; null when it is well formed.</summary>
    public static string? CheckFields(IReadOnlyList<string> fields)
    {
        foreach (var field in fields)
        {
            var (name, kind) = Split(field);
            if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return $"Field '{field}': a field name is 1 to 64 letters, digits or underscores.";
            }

            if (kind is not null && !Kinds.Contains(kind))
            {
                return $"Field '{field}': the kind must be one of {string.Join(", ", Kinds)}.";
            }
        }

        return fields.Select(f => Split(f).Name).Distinct(StringComparer.Ordinal).Count() == fields.Count ? null : "A field is listed twice.";
    }

    /// <summary>The rules the payload breaks for <paramref name="type"/>; empty when it conforms.</summary>
    public static IReadOnlyList<string> Violations(MessageTypeDefinition type, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return [$"payload must be a JSON object, not {payload.ValueKind.ToString().ToLowerInvariant()}"];
        }

        var problems = new List<string>();
        foreach (var field in type.RequiredFields)
        {
            var (name, kind) = Split(field);
            if (!payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add($"payload.{name} is required for {type.Name}");
            }
            else if (kind is not null && KindOf(value) != kind)
            {
                problems.Add($"payload.{name} must be a {kind} for {type.Name}, not {KindOf(value)}");
            }
            else if (kind == "string" && value.GetString()!.Length == 0)
            {
                problems.Add($"payload.{name} must not be empty for {type.Name}");
            }
        }

        return problems;
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static (string Name, string? Kind) Split(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (field, null) : (field[..colon], field[(colon + 1)..]);
    }

    private static MessageTypeDefinition Define(string name, string description, params string[] fields) => new(name, fields, description, true);
}
