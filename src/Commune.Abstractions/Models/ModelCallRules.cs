using System.Text.Json;

namespace Commune.Models;

/// <summary>
/// The rules every <see cref="ModelCall"/> obeys, whichever route built it; each problem names the field. The executor checks them once,
/// so the OpenAI, Anthropic and Responses routes cannot drift apart.
/// </summary>
public static class ModelCallRules
{
    /// <summary>Far above any model's output cap; keeps budget estimates meaningful.</summary>
    public const int MaxOutputTokens = 1_000_000;

    public const int MaxTools = 128;

    public const int MaxStopSequences = 16;

    private static readonly HashSet<string> Roles = ["system", "user", "assistant", "tool"];

    private static readonly HashSet<string> Modes = [ToolChoiceModes.Auto, ToolChoiceModes.None, ToolChoiceModes.Required, ToolChoiceModes.Function];

    /// <summary>The first problem of <paramref name="call"/>, or null when it is valid.</summary>
    public static string? Problem(ModelCall call)
    {
        if (call.Messages.Count == 0)
        {
            return "messages must contain at least one message.";
        }

        if (call.MaxTokens is <= 0 or > MaxOutputTokens)
        {
            return $"max_tokens must be between 1 and {MaxOutputTokens}.";
        }

        if (call.Temperature is < 0 or > 2 || (call.Temperature is { } t && double.IsNaN(t)))
        {
            return "temperature must be between 0 and 2.";
        }

        if (call.TopP is < 0 or > 1 || (call.TopP is { } p && double.IsNaN(p)))
        {
            return "top_p must be between 0 and 1.";
        }

        if (call.ThinkingBudget is < 0 or > MaxOutputTokens)
        {
            return $"the thinking budget must be between 0 and {MaxOutputTokens} tokens.";
        }

        if (call.StopSequences is { } stops && (stops.Count > MaxStopSequences || stops.Any(string.IsNullOrEmpty)))
        {
            return $"stop sequences must be at most {MaxStopSequences} non-empty strings.";
        }

        return Tools(call) ?? Format(call.ResponseFormat) ?? Messages(call.Messages);
    }

    /// <summary>Whether <paramref name="json"/> is a JSON object (tool arguments, parameter and response schemas).</summary>
    public static bool IsJsonObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>OpenAI's and Anthropic's rule for function names: 1–64 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsToolName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string? Tools(ModelCall call)
    {
        var tools = call.Tools ?? [];
        if (tools.Count > MaxTools)
        {
            return $"tools has {tools.Count} entries; at most {MaxTools} are accepted.";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            if (!IsToolName(tools[i].Name))
            {
                return $"tools[{i}].name '{tools[i].Name}' must be 1-64 letters, digits, '_' or '-'.";
            }

            if (!names.Add(tools[i].Name))
            {
                return $"tools[{i}].name '{tools[i].Name}' is defined twice.";
            }

            if (!IsJsonObject(tools[i].ParametersJson))
            {
                return $"tools[{i}] parameters must be a JSON schema object.";
            }
        }

        if (call.ToolChoice is not { } choice)
        {
            return null;
        }

        if (!Modes.Contains(choice.Mode))
        {
            return $"tool_choice '{choice.Mode}' is not one of: auto, none, required, or a named function.";
        }

        if (choice.Mode is ToolChoiceModes.Required or ToolChoiceModes.Function && tools.Count == 0)
        {
            return "tool_choice requires a tool call but tools is empty.";
        }

        return choice.Mode == ToolChoiceModes.Function && (choice.Name is null || !names.Contains(choice.Name))
            ? $"tool_choice names the function '{choice.Name}', which is not among tools."
            : null;
    }

    private static string? Format(ResponseFormat? format)
    {
        if (format is null)
        {
            return null;
        }

        if (format.Kind is not (ResponseFormatKinds.Text or ResponseFormatKinds.JsonObject or ResponseFormatKinds.JsonSchema))
        {
            return $"response_format type '{format.Kind}' is not one of: text, json_object, json_schema.";
        }

        if (format.Kind != ResponseFormatKinds.JsonSchema)
        {
            return null;
        }

        if (!IsToolName(format.SchemaName))
        {
            return "response_format json_schema needs a name of 1-64 letters, digits, '_' or '-'.";
        }

        return IsJsonObject(format.SchemaJson) ? null : "response_format json_schema needs a schema that is a JSON object.";
    }

    private static string? Messages(IReadOnlyList<ChatTurn> turns)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            if (!Roles.Contains(turn.Role))
            {
                return $"messages[{i}].role '{turn.Role}' is not one of: system, user, assistant, tool.";
            }

            if (turn.ToolCalls is { Count: > 0 } && turn.Role != "assistant")
            {
                return $"messages[{i}] has tool calls; only assistant messages may.";
            }

            for (var j = 0; j < (turn.ToolCalls?.Count ?? 0); j++)
            {
                var call = turn.ToolCalls![j];
                if (string.IsNullOrEmpty(call.Id) || !IsToolName(call.Name))
                {
                    return $"messages[{i}].tool_calls[{j}] needs an id and a function name of 1-64 letters, digits, '_' or '-'.";
                }

                if (!IsJsonObject(call.ArgumentsJson))
                {
                    return $"messages[{i}].tool_calls[{j}] arguments must be a JSON object.";
                }

                calls.Add(call.Id);
            }

            if (turn.Role == "tool" && (turn.ToolCallId is null || !calls.Contains(turn.ToolCallId)))
            {
                return $"messages[{i}] is a tool result for '{turn.ToolCallId}', which no earlier assistant message called.";
            }

            if (Part(turn, i) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Part(ChatTurn turn, int index)
    {
        var parts = turn.Parts ?? [];
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            switch (part.Kind)
            {
                case ContentPartKinds.Text:
                    break;
                case ContentPartKinds.Thinking when turn.Role == "assistant":
                    break;
                case ContentPartKinds.Image or ContentPartKinds.Document:
                    if (part.Data is null && !(Uri.TryCreate(part.Uri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                    {
                        return $"messages[{index}].content[{j}] ({part.Kind}) needs inline data or an http(s) URL.";
                    }

                    break;
                default:
                    return $"messages[{index}].content[{j}] of kind '{part.Kind}' is not allowed in a {turn.Role} message.";
            }
        }

        return null;
    }
}
