using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;
using static Commune.Gateway.Endpoints.Responses.ResponsesJson;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Validates a Responses body into a <see cref="ResponsesRequest"/>; every problem names the field path. Commune keeps no response
/// store, so everything that needs one (store: true, previous_response_id, conversation, background, prompt templates) is refused
/// with the reason; an omitted <c>store</c> is treated as false (and every response says <c>store: false</c>). Pure hints that change
/// nothing about the answer (prompt_cache_key, text.verbosity, stream_options.include_obfuscation, service_tier auto/default) are
/// accepted as documented no-ops; any other unknown field is refused by name.
/// </summary>
public static class ResponsesRequestReader
{
    public const int MaxMetadataEntries = 16;
    public const string EncryptedReasoning = "reasoning.encrypted_content";

    private static readonly HashSet<string> Fields =
    [
        "model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "reasoning", "max_output_tokens",
        "temperature", "top_p", "text", "user", "safety_identifier", "metadata", "stream", "stream_options", "store",
        "previous_response_id", "conversation", "include", "truncation", "prompt_cache_key", "service_tier", "background",
        "max_tool_calls", "top_logprobs", "prompt",
    ];

    private static readonly HashSet<string> StreamOptionFields = ["include_obfuscation"];

    public static (ResponsesRequest? Request, string? Problem) Read(JsonElement body, BudgetScopes scopes, string requestId)
    {
        try
        {
            return (ReadBody(body, scopes, requestId), null);
        }
        catch (ResponsesFieldException ex)
        {
            return (null, ex.Message);
        }
    }

    private static ResponsesRequest ReadBody(JsonElement body, BudgetScopes scopes, string requestId)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ResponsesFieldException("The body must be a JSON object with model and input.");
        }

        OnlyKnown(body, Fields, string.Empty, "the request");
        RefuseStored(body);
        var model = String(body, "model", "model");
        if (string.IsNullOrWhiteSpace(model) || model.Length > ChatRequestReader.MaxTargetLength)
        {
            throw new ResponsesFieldException($"model is required: a profile name or \"<provider>/<model>\" of at most {ChatRequestReader.MaxTargetLength} characters.");
        }

        var instructions = String(body, "instructions", "instructions");
        if (!body.TryGetProperty("input", out var input))
        {
            throw new ResponsesFieldException("input is required: a string, or a non-empty array of input items.");
        }

        var turns = ResponsesInputReader.Read(input, instructions);
        var (tools, toolEcho) = ResponsesToolReader.Tools(body);
        var (choice, choiceEcho) = ResponsesToolReader.Choice(body, tools);
        var (format, textEcho) = ResponsesToolReader.Text(body);
        var (budget, reasoningEcho) = ResponsesToolReader.Reasoning(body);
        var parallel = Bool(body, "parallel_tool_calls", "parallel_tool_calls");
        var maxTokens = Integer(body, "max_output_tokens", "max_output_tokens", 1, ModelCallRules.MaxOutputTokens);
        var temperature = Number(body, "temperature", "temperature", 0, 2);
        var topP = Number(body, "top_p", "top_p", 0, 1);
        var stream = Bool(body, "stream", "stream") ?? false;
        StreamOptions(body, stream);
        var includeEncrypted = Include(body);
        var user = String(body, "user", "user");
        var safety = String(body, "safety_identifier", "safety_identifier");
        if (user is not null && safety is not null && user != safety)
        {
            throw new ResponsesFieldException("user and safety_identifier name different end users; send one of them.");
        }

        var promptCacheKey = String(body, "prompt_cache_key", "prompt_cache_key");
        var serviceTier = String(body, "service_tier", "service_tier");
        if (serviceTier is not (null or "auto" or "default"))
        {
            throw new ResponsesFieldException(
                $"service_tier \"{serviceTier}\" is not supported: Commune's chain picks the provider, so only auto or default (the same as omitting it) are accepted.");
        }

        var call = new ModelCall(
            model.Trim(),
            turns,
            maxTokens,
            temperature,
            scopes,
            requestId,
            tools.Count > 0 ? tools : null,
            choice,
            tools.Count > 0 ? parallel : null,
            format,
            TopP: topP,
            ThinkingBudget: budget,
            User: user ?? safety);

        var echo = new JsonObject
        {
            ["instructions"] = instructions,
            ["max_output_tokens"] = maxTokens,
            ["metadata"] = Metadata(body),
            ["parallel_tool_calls"] = parallel ?? true,
            ["previous_response_id"] = null,
            ["reasoning"] = reasoningEcho,
            ["service_tier"] = "default",
            ["store"] = false,
            ["temperature"] = temperature,
            ["text"] = textEcho,
            ["tool_choice"] = choiceEcho,
            ["tools"] = toolEcho,
            ["top_p"] = topP,
            ["truncation"] = "disabled",
            ["user"] = user,
            ["safety_identifier"] = safety,
            ["prompt_cache_key"] = promptCacheKey,
            ["background"] = false,
        };
        var summary = reasoningEcho?["summary"]?.GetValue<string>() != "none";
        return new ResponsesRequest(call, stream, summary, includeEncrypted, echo);
    }

    /// <summary>Everything that needs a stored response or a hosted feature Commune does not have.</summary>
    private static void RefuseStored(JsonElement body)
    {
        if (Bool(body, "store", "store") == true)
        {
            throw new ResponsesFieldException(
                "store: true is not supported: Commune keeps no response store. Send store: false (an omitted store is treated as false) and the whole conversation in input.");
        }

        if (Member(body, "previous_response_id") is not null)
        {
            throw new ResponsesFieldException(
                "previous_response_id is not supported: Commune keeps no response store; send the whole conversation in input with store: false.");
        }

        if (Member(body, "conversation") is not null)
        {
            throw new ResponsesFieldException("conversation is not supported: Commune keeps no conversation store; send the whole conversation in input.");
        }

        if (Bool(body, "background", "background") == true)
        {
            throw new ResponsesFieldException("background: true is not supported: Commune has no response store to poll; send stream: true for long answers.");
        }

        if (Member(body, "prompt") is not null)
        {
            throw new ResponsesFieldException("prompt (a stored prompt template) is not supported; send instructions and input instead.");
        }

        if (Member(body, "max_tool_calls") is not null)
        {
            throw new ResponsesFieldException("max_tool_calls is not supported: it limits OpenAI-hosted tool calls, which Commune does not run; count function calls in your loop.");
        }

        if (Member(body, "top_logprobs") is { } logprobs && !(logprobs.ValueKind == JsonValueKind.Number && logprobs.TryGetInt32(out var n) && n == 0))
        {
            throw new ResponsesFieldException("top_logprobs is not supported: not every provider of a chain returns log probabilities.");
        }

        switch (String(body, "truncation", "truncation"))
        {
            case null or "disabled":
                break;
            case "auto":
                throw new ResponsesFieldException(
                    "truncation: auto is not supported: Commune never drops input; a conversation too long for every model of the chain fails with context_length_exceeded. Send \"disabled\" or omit it.");
            default:
                throw new ResponsesFieldException("truncation must be \"disabled\".");
        }
    }

    /// <summary><c>stream_options.include_obfuscation</c>: Commune never pads deltas, so either value is honoured as "no padding".</summary>
    private static void StreamOptions(JsonElement body, bool stream)
    {
        if (Object(body, "stream_options", "stream_options") is not { } options)
        {
            return;
        }

        if (!stream)
        {
            throw new ResponsesFieldException("stream_options is only allowed when stream is true.");
        }

        OnlyKnown(options, StreamOptionFields, "stream_options", "stream_options");
        Bool(options, "include_obfuscation", "stream_options.include_obfuscation");
    }

    private static bool Include(JsonElement body)
    {
        if (Array(body, "include", "include") is not { } include)
        {
            return false;
        }

        var encrypted = false;
        var i = 0;
        foreach (var value in include.EnumerateArray())
        {
            var path = $"include[{i++}]";
            if (value.ValueKind != JsonValueKind.String)
            {
                throw new ResponsesFieldException($"{path} must be a string.");
            }

            encrypted |= value.GetString() == EncryptedReasoning
                ? true
                : throw new ResponsesFieldException($"{path} \"{value.GetString()}\" is not supported; Commune can include only {EncryptedReasoning}.");
        }

        return encrypted;
    }

    /// <summary>metadata is the caller's own bookkeeping: checked as OpenAI checks it and echoed back, never sent to a model.</summary>
    private static JsonObject Metadata(JsonElement body)
    {
        var echo = new JsonObject();
        if (Object(body, "metadata", "metadata") is not { } metadata)
        {
            return echo;
        }

        foreach (var entry in metadata.EnumerateObject())
        {
            if (entry.Name.Length > 64 || entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString()!.Length > 512)
            {
                throw new ResponsesFieldException($"metadata.{entry.Name}: keys are at most 64 characters and values strings of at most 512.");
            }

            echo[entry.Name] = entry.Value.GetString();
        }

        return echo.Count <= MaxMetadataEntries
            ? echo
            : throw new ResponsesFieldException($"metadata has {echo.Count} entries; at most {MaxMetadataEntries} are accepted.");
    }
}
