using System.Text.Json;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// Binds a chat-completions body into a <see cref="ModelCall"/>; every problem names the field. Shape is checked here, the rules of a
/// call (limits, tool names, results that answer calls) once in <see cref="ModelCallRules"/> by the executor.
/// </summary>
public static class ChatRequestReader
{
    public const int MaxMessages = 1000;
    public const int MaxTargetLength = 256;
    public const int MaxScopeIdLength = 200;

    /// <summary>Thinking budgets for <c>reasoning_effort</c>; the Responses route uses the same table.</summary>
    public static int? BudgetFor(string? effort) => effort switch
    {
        "minimal" or "none" => 0,
        "low" => 1_024,
        "medium" => 4_096,
        "high" => 16_384,
        _ => null,
    };

    public static (ModelCall? Call, string? Problem) Read(ChatCompletionRequest? request, BudgetScopes scopes, string requestId)
    {
        if (request is null)
        {
            return (null, "The body must be a JSON object with model and messages.");
        }

        if (request.Unknown is { Count: > 0 } unknown)
        {
            return (null, Unsupported(unknown.Keys.First()));
        }

        if (string.IsNullOrWhiteSpace(request.Model) || request.Model.Length > MaxTargetLength)
        {
            return (null, $"model is required: a profile name or \"<provider>/<model>\" of at most {MaxTargetLength} characters.");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return (null, "messages must be a non-empty array.");
        }

        if (messages.Count > MaxMessages)
        {
            return (null, $"messages has {messages.Count} entries; at most {MaxMessages} are accepted.");
        }

        if (request.N is not (null or 1))
        {
            return (null, "n must be 1: a fallback chain produces one answer per request.");
        }

        if (request.Store is true)
        {
            return (null, "store: true is not supported: Commune keeps no completions store (send false or omit it).");
        }

        if (request.StreamOptions is not null && !request.Stream)
        {
            return (null, "stream_options is only allowed when stream is true.");
        }

        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var (turn, problem) = ChatMessageReader.Read(messages[i], i);
            if (turn is null)
            {
                return (null, problem);
            }

            turns.Add(turn);
        }

        var (tools, toolProblem) = Tools(request.Tools);
        var (choice, choiceProblem) = Choice(request.ToolChoice);
        var (format, formatProblem) = Format(request.ResponseFormat);
        var (stops, stopProblem) = Stops(request.Stop);
        if ((toolProblem ?? choiceProblem ?? formatProblem ?? stopProblem) is { } shape)
        {
            return (null, shape);
        }

        var budget = BudgetFor(request.ReasoningEffort);
        if (request.ReasoningEffort is not null && budget is null)
        {
            return (null, "reasoning_effort must be one of: minimal, low, medium, high.");
        }

        var call = new ModelCall(
            request.Model.Trim(),
            turns,
            request.MaxCompletionTokens ?? request.MaxTokens,
            request.Temperature,
            scopes,
            requestId,
            tools,
            choice,
            request.ParallelToolCalls,
            format,
            stops,
            request.TopP,
            budget is > 0 ? budget : null,
            request.User);
        return ModelCallRules.Problem(call) is { } rule ? (null, rule) : (call, null);
    }

    private static string Unsupported(string field) => field switch
    {
        "logprobs" or "top_logprobs" => $"{field} is not supported: the chain's providers do not all return log probabilities.",
        "frequency_penalty" or "presence_penalty" or "logit_bias" or "seed" =>
            $"{field} is not supported: the chain's providers do not all honour it, so a fallback would silently answer without it.",
        "functions" or "function_call" => $"{field} is the deprecated form of tools/tool_choice; send tools and tool_choice instead.",
        _ => $"{field} is not a chat-completions field Commune supports (see docs/api.md for the fields it carries).",
    };

    private static (List<ToolDefinition>? Tools, string? Problem) Tools(List<ChatToolInput?>? tools)
    {
        if (tools is null)
        {
            return (null, null);
        }

        var definitions = new List<ToolDefinition>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not { Type: "function", Function: { Name: { } name } function })
            {
                return (null, $"tools[{i}] must be {{\"type\": \"function\", \"function\": {{\"name\", \"description\", \"parameters\"}}}}; other tool types are not supported.");
            }

            var parameters = function.Parameters.ValueKind switch
            {
                JsonValueKind.Undefined or JsonValueKind.Null => """{"type":"object","properties":{}}""",
                JsonValueKind.Object => function.Parameters.GetRawText(),
                _ => null,
            };
            if (parameters is null)
            {
                return (null, $"tools[{i}].function.parameters must be a JSON schema object.");
            }

            definitions.Add(new ToolDefinition(name, function.Description, parameters, function.Strict));
        }

        return (definitions, null);
    }

    private static (ToolChoice? Choice, string? Problem) Choice(JsonElement choice)
    {
        switch (choice.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return (null, null);
            case JsonValueKind.String when choice.GetString() is ToolChoiceModes.Auto or ToolChoiceModes.None or ToolChoiceModes.Required:
                return (new ToolChoice(choice.GetString()!), null);
            case JsonValueKind.Object
                when choice.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function"
                     && choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                     && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                return (new ToolChoice(ToolChoiceModes.Function, name.GetString()), null);
            default:
                return (null, "tool_choice must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": …}}.");
        }
    }

    private static (ResponseFormat? Format, string? Problem) Format(ChatResponseFormatInput? format) => format?.Type switch
    {
        null when format is null => (null, null),
        "text" => (null, null),
        "json_object" => (new ResponseFormat(ResponseFormatKinds.JsonObject), null),
        "json_schema" when format.JsonSchema is { } schema && schema.Schema.ValueKind == JsonValueKind.Object =>
            (new ResponseFormat(ResponseFormatKinds.JsonSchema, schema.Name, schema.Schema.GetRawText(), schema.Strict, schema.Description), null),
        "json_schema" => (null, "response_format.json_schema must carry a name and a schema object."),
        _ => (null, "response_format.type must be text, json_object or json_schema."),
    };

    private static (List<string>? Stops, string? Problem) Stops(JsonElement stop) => stop.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => (null, null),
        JsonValueKind.String => ([stop.GetString()!], null),
        JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) =>
            ([.. stop.EnumerateArray().Select(s => s.GetString()!)], null),
        _ => (null, "stop must be a string or an array of strings."),
    };
}
