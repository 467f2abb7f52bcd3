using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Models;
using static Commune.Gateway.Endpoints.Responses.ResponsesJson;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Reads <c>tools</c>, <c>tool_choice</c>, <c>text</c> and <c>reasoning</c>: each into what <see cref="ModelCall"/> carries, and
/// into the wire form the response echoes. Only function tools exist here: Commune carries the calls, the caller runs them, so an
/// OpenAI-hosted tool (web_search, file_search, code_interpreter…) has nothing to run it and is refused by name.
/// </summary>
internal static class ResponsesToolReader
{
    /// <summary>
    /// <c>reasoning.effort</c> → extended-thinking budget (tokens). none and minimal ask for no thinking, so the call carries no budget
    /// (the profile's own thinking setting, if any, still applies).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int?> EffortBudgets = new Dictionary<string, int?>
    {
        ["none"] = null,
        ["minimal"] = null,
        ["low"] = 1024,
        ["medium"] = 4096,
        ["high"] = 16384,
        ["xhigh"] = 32768,
    };

    private static readonly HashSet<string> FunctionFields = ["type", "name", "description", "parameters", "strict"];
    private static readonly HashSet<string> ChoiceFields = ["type", "name"];
    private static readonly HashSet<string> TextFields = ["format", "verbosity"];
    private static readonly HashSet<string> FormatFields = ["type", "name", "schema", "strict", "description"];
    private static readonly HashSet<string> ReasoningFields = ["effort", "summary"];

    public static (List<ToolDefinition> Tools, JsonArray Echo) Tools(JsonElement body)
    {
        var tools = new List<ToolDefinition>();
        var echo = new JsonArray();
        if (Array(body, "tools", "tools") is not { } array)
        {
            return (tools, echo);
        }

        if (array.GetArrayLength() > ModelCallRules.MaxTools)
        {
            throw new ResponsesFieldException($"tools has {array.GetArrayLength()} entries; at most {ModelCallRules.MaxTools} are accepted.");
        }

        var i = 0;
        foreach (var tool in array.EnumerateArray())
        {
            var path = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new ResponsesFieldException($"{path} must be a tool object.");
            }

            var type = RequiredString(tool, "type", path + ".type");
            if (type != "function")
            {
                throw new ResponsesFieldException(type == "custom"
                    ? $"{path}.type \"custom\" (a freeform tool) is not supported; declare it as a function tool with a JSON-schema parameters object."
                    : $"{path}.type \"{type}\" is an OpenAI-hosted tool that Commune cannot run; only function tools (type \"function\") are accepted, and your code runs them.");
            }

            OnlyKnown(tool, FunctionFields, path, "a function tool");
            var name = RequiredString(tool, "name", path + ".name");
            if (!ModelCallRules.IsToolName(name))
            {
                throw new ResponsesFieldException($"{path}.name must be 1-64 letters, digits, underscores or hyphens.");
            }

            if (tools.Any(t => t.Name == name))
            {
                throw new ResponsesFieldException($"{path}.name \"{name}\" is declared twice.");
            }

            var description = String(tool, "description", path + ".description");
            var parameters = Object(tool, "parameters", path + ".parameters")?.GetRawText() ?? """{"type":"object","properties":{}}""";
            var strict = Bool(tool, "strict", path + ".strict");
            tools.Add(new ToolDefinition(name, description, parameters, strict));
            echo.Add(new JsonObject
            {
                ["type"] = "function",
                ["name"] = name,
                ["description"] = description,
                ["parameters"] = JsonNode.Parse(parameters),
                ["strict"] = strict,
            });
        }

        return (tools, echo);
    }

    /// <summary>tool_choice; with no tools, auto and none mean the same as nothing, so the call carries no choice.</summary>
    public static (ToolChoice? Choice, JsonNode Echo) Choice(JsonElement body, IReadOnlyList<ToolDefinition> tools)
    {
        if (Member(body, "tool_choice") is not { } choice)
        {
            return (null, "auto");
        }

        ToolChoice parsed;
        JsonNode echo;
        if (choice.ValueKind == JsonValueKind.String)
        {
            var mode = choice.GetString();
            parsed = mode switch
            {
                "auto" => new ToolChoice(ToolChoiceModes.Auto),
                "none" => new ToolChoice(ToolChoiceModes.None),
                "required" => new ToolChoice(ToolChoiceModes.Required),
                _ => throw new ResponsesFieldException("tool_choice must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"name\": …}."),
            };
            echo = mode!;
        }
        else if (choice.ValueKind == JsonValueKind.Object)
        {
            var type = RequiredString(choice, "type", "tool_choice.type");
            if (type != "function")
            {
                throw new ResponsesFieldException(type == "allowed_tools"
                    ? "tool_choice.type \"allowed_tools\" is not supported; send only the tools the model may use in tools."
                    : $"tool_choice.type \"{type}\" names an OpenAI-hosted tool that Commune cannot run; choose \"auto\", \"none\", \"required\" or a function.");
            }

            OnlyKnown(choice, ChoiceFields, "tool_choice", "tool_choice");
            var name = RequiredString(choice, "name", "tool_choice.name");
            if (tools.All(t => t.Name != name))
            {
                throw new ResponsesFieldException($"tool_choice.name \"{name}\" is not one of the function tools in tools.");
            }

            parsed = new ToolChoice(ToolChoiceModes.Function, name);
            echo = new JsonObject { ["type"] = "function", ["name"] = name };
        }
        else
        {
            throw new ResponsesFieldException("tool_choice must be a string or an object.");
        }

        if (tools.Count == 0)
        {
            return parsed.Mode is ToolChoiceModes.Auto or ToolChoiceModes.None
                ? (null, echo)
                : throw new ResponsesFieldException($"tool_choice \"{parsed.Mode}\" needs at least one function tool in tools.");
        }

        return (parsed, echo);
    }

    /// <summary><c>text.format</c> → structured output; <c>text.verbosity</c> is a length hint, accepted and echoed (docs/api.md).</summary>
    public static (ResponseFormat? Format, JsonObject Echo) Text(JsonElement body)
    {
        var echo = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } };
        if (Object(body, "text", "text") is not { } text)
        {
            return (null, echo);
        }

        OnlyKnown(text, TextFields, "text", "text");
        if (String(text, "verbosity", "text.verbosity") is { } verbosity)
        {
            echo["verbosity"] = verbosity is "low" or "medium" or "high"
                ? verbosity
                : throw new ResponsesFieldException("text.verbosity must be low, medium or high.");
        }

        if (Object(text, "format", "text.format") is not { } format)
        {
            return (null, echo);
        }

        OnlyKnown(format, FormatFields, "text.format", "text.format");
        var type = RequiredString(format, "type", "text.format.type");
        switch (type)
        {
            case "text":
                return (null, echo);
            case "json_object":
                echo["format"] = new JsonObject { ["type"] = "json_object" };
                return (new ResponseFormat(ResponseFormatKinds.JsonObject), echo);
            case "json_schema":
                var name = RequiredString(format, "name", "text.format.name");
                var schema = Object(format, "schema", "text.format.schema")?.GetRawText()
                    ?? throw new ResponsesFieldException("text.format.schema is required (a JSON schema object) for json_schema.");
                var strict = Bool(format, "strict", "text.format.strict");
                var description = String(format, "description", "text.format.description");
                echo["format"] = new JsonObject
                {
                    ["type"] = "json_schema",
                    ["name"] = name,
                    ["schema"] = JsonNode.Parse(schema),
                    ["strict"] = strict,
                    ["description"] = description,
                };
                return (new ResponseFormat(ResponseFormatKinds.JsonSchema, name, schema, strict, description), echo);
            default:
                throw new ResponsesFieldException("text.format.type must be text, json_object or json_schema.");
        }
    }

    /// <summary><c>reasoning.effort</c> → thinking budget (<see cref="EffortBudgets"/>); <c>summary</c> is accepted and echoed.</summary>
    public static (int? Budget, JsonObject? Echo) Reasoning(JsonElement body)
    {
        if (Object(body, "reasoning", "reasoning") is not { } reasoning)
        {
            return (null, null);
        }

        OnlyKnown(reasoning, ReasoningFields, "reasoning", "reasoning");
        var effort = String(reasoning, "effort", "reasoning.effort");
        int? budget = null;
        if (effort is not null && !EffortBudgets.TryGetValue(effort, out budget))
        {
            throw new ResponsesFieldException("reasoning.effort must be none, minimal, low, medium, high or xhigh.");
        }

        var summary = String(reasoning, "summary", "reasoning.summary");
        if (summary is not (null or "auto" or "concise" or "detailed" or "none"))
        {
            throw new ResponsesFieldException("reasoning.summary must be auto, concise, detailed or none.");
        }

        return (budget, new JsonObject { ["effort"] = effort, ["summary"] = summary });
    }
}
