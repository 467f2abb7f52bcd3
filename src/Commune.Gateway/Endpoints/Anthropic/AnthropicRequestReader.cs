using System.Text.Json;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;
using static Commune.Gateway.Endpoints.Anthropic.AnthropicJson;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>What a Messages request asks for: the call, and whether to stream its answer.</summary>
public sealed record AnthropicRequest(ModelCall Call, bool Stream);

/// <summary>
/// Validates an Anthropic Messages body (<c>POST /anthropic/v1/messages</c> or its <c>count_tokens</c>) into a <see cref="ModelCall"/>.
/// Every member is honoured, mapped or refused with a problem that starts with its path; none is dropped unread.
/// </summary>
public static class AnthropicRequestReader
{
    /// <summary>Anthropic's own lower bound for an extended-thinking budget.</summary>
    public const int MinThinkingBudget = 1024;

    private static readonly HashSet<string> MessageFields =
    [
        "model", "max_tokens", "messages", "system", "tools", "tool_choice", "thinking", "stop_sequences", "temperature", "top_p",
        "metadata", "stream", "service_tier", "cache_control",
    ];

    // count_tokens takes the prompt only: what the answer would be like is no part of its size.
    private static readonly HashSet<string> CountFields = ["model", "messages", "system", "tools", "tool_choice", "thinking", "cache_control"];

    // eager_input_streaming asks Anthropic to stream a tool's input unbuffered; Commune relays input as the answering provider sends it.
    private static readonly HashSet<string> ToolFields = ["type", "name", "description", "input_schema", "cache_control", "strict", "eager_input_streaming"];
    private static readonly HashSet<string> ToolChoiceFields = ["type", "name", "disable_parallel_tool_use"];
    private static readonly HashSet<string> MetadataFields = ["user_id"];

    /// <summary>Why a top-level member Anthropic defines is refused, where a reason helps more than "not supported".</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["top_k"] = "is not supported: Commune's chains have no top_k to pass on (OpenAI-kind steps have none); remove it or use top_p.",
        ["mcp_servers"] = "is not supported: Commune does not run server-side MCP connectors; offer the tools as custom tools.",
        ["container"] = "is not supported: Commune runs no code-execution containers.",
        ["context_management"] = "is not supported: Commune passes the conversation as sent and edits no context.",
        ["output_config"] = "is not supported: Commune carries no effort or output format setting on this route.",
        ["speed"] = "is not supported: Commune runs every step at the provider's standard speed.",
        ["inference_geo"] = "is not supported: where a step runs is the provider's configuration, not the request's.",
    };

    public static (AnthropicRequest? Request, string? Problem) Read(JsonElement body, BudgetScopes scopes, string requestId) =>
        Guard(() => ReadBody(body, scopes, requestId, countTokens: false));

    /// <summary>The <c>count_tokens</c> body: the same rules without the answer's members (max_tokens, stream, sampling).</summary>
    public static (AnthropicRequest? Request, string? Problem) ReadCount(JsonElement body, string requestId) =>
        Guard(() => ReadBody(body, BudgetScopes.None, requestId, countTokens: true));

    private static (AnthropicRequest?, string?) Guard(Func<AnthropicRequest> read)
    {
        try
        {
            return (read(), null);
        }
        catch (AnthropicRefusal refusal)
        {
            return (null, refusal.Message);
        }
    }

    private static AnthropicRequest ReadBody(JsonElement body, BudgetScopes scopes, string requestId, bool countTokens)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new AnthropicRefusal("body", "must be a JSON object with model, max_tokens and messages.");
        }

        var known = countTokens ? CountFields : MessageFields;
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new AnthropicRefusal(property.Name, Refused.GetValueOrDefault(property.Name)
                    ?? (MessageFields.Contains(property.Name)
                        ? "is not accepted by count_tokens, which takes model, messages, system, tools, tool_choice, thinking and cache_control."
                        : $"is not a member Commune's Messages API accepts (accepted: {string.Join(", ", known.Order(StringComparer.Ordinal))})."));
            }
        }

        CacheControl(body, "");
        var model = String(Required(body, "model", ""), "model", allowEmpty: false).Trim();
        if (model.Length == 0 || model.Length > ChatRequestReader.MaxTargetLength)
        {
            throw new AnthropicRefusal("model", $"must be a profile name or \"<provider>/<model>\" of at most {ChatRequestReader.MaxTargetLength} characters.");
        }

        int? maxTokens = countTokens ? null : Integer(Required(body, "max_tokens", ""), "max_tokens", 1, ModelCallRules.MaxOutputTokens);

        var turns = new List<ChatTurn>();
        if (Optional(body, "system") is { } system)
        {
            AnthropicContentReader.ReadSystem(system, turns);
        }

        var messages = Array(Required(body, "messages", ""), "messages");
        var count = messages.GetArrayLength();
        if (count == 0 || count > ChatRequestReader.MaxMessages)
        {
            throw new AnthropicRefusal("messages", $"must hold between 1 and {ChatRequestReader.MaxMessages} messages, not {count}.");
        }

        var toolUseIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            AnthropicContentReader.Read(message, index++, turns, toolUseIds);
        }

        var tools = Optional(body, "tools") is { } t ? Tools(t) : null;
        var (choice, parallel) = Optional(body, "tool_choice") is { } c ? ToolChoice(c, tools) : (null, null);
        var thinking = Optional(body, "thinking") is { } th ? Thinking(th, maxTokens) : null;
        var call = new ModelCall(model, turns, maxTokens, Scopes: scopes, RequestId: requestId, Tools: tools, ToolChoice: choice,
            ParallelToolCalls: parallel, ThinkingBudget: thinking);
        if (countTokens)
        {
            return new AnthropicRequest(call, false);
        }

        var stream = Optional(body, "stream") is { } s && Bool(s, "stream");
        ServiceTier(body);
        return new AnthropicRequest(call with
        {
            Temperature = Optional(body, "temperature") is { } temperature ? Number(temperature, "temperature", 0, 1) : null,
            TopP = Optional(body, "top_p") is { } topP ? Number(topP, "top_p", 0, 1) : null,
            StopSequences = Optional(body, "stop_sequences") is { } stops ? StopSequences(stops) : null,
            User = Optional(body, "metadata") is { } metadata ? User(metadata) : null,
        }, stream);
    }

    private static List<ToolDefinition> Tools(JsonElement tools)
    {
        Array(tools, "tools");
        if (tools.GetArrayLength() > ModelCallRules.MaxTools)
        {
            throw new AnthropicRefusal("tools", $"has {tools.GetArrayLength()} entries; at most {ModelCallRules.MaxTools} are accepted.");
        }

        var definitions = new List<ToolDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = $"tools[{i++}]";
            Object(tool, path);
            if (Optional(tool, "type") is { } type && String(type, path + ".type") != "custom")
            {
                throw new AnthropicRefusal(path + ".type",
                    $"\"{type.GetString()}\" is a server tool Anthropic runs itself; Commune's chains carry only custom tools (name, description, input_schema).");
            }

            OnlyKnown(tool, path, ToolFields);
            CacheControl(tool, path);
            var name = String(Required(tool, "name", path), path + ".name");
            if (!ModelCallRules.IsToolName(name))
            {
                throw new AnthropicRefusal(path + ".name", "must be 1 to 64 letters, digits, '_' or '-' (what every provider kind accepts).");
            }

            if (!names.Add(name))
            {
                throw new AnthropicRefusal(path + ".name", $"'{name}' names an earlier tool too; tool names must be unique.");
            }

            var schema = Object(Required(tool, "input_schema", path), path + ".input_schema");
            if (Optional(schema, "type") is not { ValueKind: JsonValueKind.String } schemaType || schemaType.GetString() != "object")
            {
                throw new AnthropicRefusal(path + ".input_schema.type", "must be \"object\": a tool's input is a JSON object.");
            }

            if (Optional(tool, "eager_input_streaming") is { } eager)
            {
                Bool(eager, path + ".eager_input_streaming");
            }

            var description = Optional(tool, "description") is { } d ? String(d, path + ".description") : null;
            bool? strict = Optional(tool, "strict") is { } st ? Bool(st, path + ".strict") : null;
            definitions.Add(new ToolDefinition(name, description, schema.GetRawText(), strict));
        }

        return definitions;
    }

    private static (ToolChoice? Choice, bool? Parallel) ToolChoice(JsonElement choice, List<ToolDefinition>? tools)
    {
        Object(choice, "tool_choice");
        OnlyKnown(choice, "tool_choice", ToolChoiceFields);
        var type = String(Required(choice, "type", "tool_choice"), "tool_choice.type");
        bool? parallel = Optional(choice, "disable_parallel_tool_use") is { } disable
            ? !Bool(disable, "tool_choice.disable_parallel_tool_use")
            : null;
        if (type != "tool" && Optional(choice, "name") is not null)
        {
            throw new AnthropicRefusal("tool_choice.name", "is only allowed with type \"tool\".");
        }

        if (type is "any" or "tool" && tools is not { Count: > 0 })
        {
            throw new AnthropicRefusal("tool_choice.type", $"\"{type}\" needs tools to choose from; the request has none.");
        }

        var mapped = type switch
        {
            "auto" => new ToolChoice(ToolChoiceModes.Auto),
            "none" => new ToolChoice(ToolChoiceModes.None),
            "any" => new ToolChoice(ToolChoiceModes.Required),
            "tool" => new ToolChoice(ToolChoiceModes.Function, String(Required(choice, "name", "tool_choice"), "tool_choice.name")),
            _ => throw new AnthropicRefusal("tool_choice.type", "must be one of auto, any, tool, none."),
        };
        if (mapped.Name is { } name && tools!.All(t => t.Name != name))
        {
            throw new AnthropicRefusal("tool_choice.name", $"'{name}' is not one of the request's tools.");
        }

        return (mapped, parallel);
    }

    /// <summary>
    /// <c>enabled</c> asks for its budget; <c>disabled</c> asks for none, and then the profile's own thinking setting applies
    /// (a profile is the operator's choice of how its models run).
    /// </summary>
    private static int? Thinking(JsonElement thinking, int? maxTokens)
    {
        Object(thinking, "thinking");
        var type = String(Required(thinking, "type", "thinking"), "thinking.type");
        switch (type)
        {
            case "disabled":
                OnlyKnown(thinking, "thinking", new HashSet<string> { "type" });
                return null;
            case "enabled":
                OnlyKnown(thinking, "thinking", new HashSet<string> { "type", "budget_tokens" });
                var budget = Integer(Required(thinking, "budget_tokens", "thinking"), "thinking.budget_tokens", MinThinkingBudget, ModelCallRules.MaxOutputTokens);
                if (maxTokens is { } max && budget >= max)
                {
                    throw new AnthropicRefusal("thinking.budget_tokens", $"must be less than max_tokens ({max}).");
                }

                return budget;
            default:
                throw new AnthropicRefusal("thinking.type",
                    $"\"{type}\" is not supported: send {{\"type\": \"enabled\", \"budget_tokens\": n}} or {{\"type\": \"disabled\"}}.");
        }
    }

    private static List<string> StopSequences(JsonElement stops)
    {
        Array(stops, "stop_sequences");
        if (stops.GetArrayLength() > ModelCallRules.MaxStopSequences)
        {
            throw new AnthropicRefusal("stop_sequences", $"has {stops.GetArrayLength()} entries; at most {ModelCallRules.MaxStopSequences} are accepted.");
        }

        var sequences = new List<string>();
        var i = 0;
        foreach (var stop in stops.EnumerateArray())
        {
            sequences.Add(String(stop, $"stop_sequences[{i++}]", allowEmpty: false));
        }

        return sequences;
    }

    private static string? User(JsonElement metadata)
    {
        Object(metadata, "metadata");
        OnlyKnown(metadata, "metadata", MetadataFields);
        if (Optional(metadata, "user_id") is not { } user)
        {
            return null;
        }

        var id = String(user, "metadata.user_id");
        return id.Length <= 256 ? id : throw new AnthropicRefusal("metadata.user_id", "must be at most 256 characters.");
    }

    /// <summary>
    /// Commune has no priority capacity to buy, so <c>auto</c> and <c>standard_only</c> both mean what it always does: standard
    /// capacity. Anything else is refused rather than ignored.
    /// </summary>
    private static void ServiceTier(JsonElement body)
    {
        if (Optional(body, "service_tier") is { } tier && String(tier, "service_tier") is not ("auto" or "standard_only"))
        {
            throw new AnthropicRefusal("service_tier", "must be \"auto\" or \"standard_only\" (Commune always runs at standard capacity).");
        }
    }
}
