using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>An answer as Anthropic's Message object, whichever provider kind produced it.</summary>
public static class AnthropicResponseWriter
{
    /// <summary>Anthropic's stop reason for Commune's (OpenAI-vocabulary) finish reason.</summary>
    public static string StopReason(string finishReason) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };

    /// <summary>A message id from the request's id: <c>msg_</c> and characters an id may hold.</summary>
    public static string MessageId(string requestId) =>
        "msg_" + new string(requestId.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());

    public static JsonObject Message(string id, ModelAnswer answer)
    {
        var content = new JsonArray();
        if (answer.Reasoning is { Length: > 0 } || answer.ReasoningSignature is { Length: > 0 })
        {
            content.Add(new JsonObject
            {
                ["type"] = "thinking",
                ["thinking"] = answer.Reasoning ?? string.Empty,
                ["signature"] = answer.ReasoningSignature ?? string.Empty,
            });
        }

        if (answer.Text.Length > 0)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = answer.Text });
        }

        foreach (var call in answer.ToolCalls ?? [])
        {
            content.Add(ToolUse(call.Id, call.Name, Input(call.ArgumentsJson)));
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = answer.Provider + "/" + answer.Model,
            ["content"] = content,
            ["stop_reason"] = StopReason(answer.FinishReason),
            ["stop_sequence"] = null,
            ["usage"] = Usage(answer.Usage.InputTokens, answer.Usage.OutputTokens),
        };
    }

    public static JsonObject ToolUse(string id, string name, JsonNode input) => new()
    {
        ["type"] = "tool_use",
        ["id"] = id,
        ["name"] = name,
        ["input"] = input,
    };

    public static JsonObject Usage(long input, long output) => new()
    {
        ["input_tokens"] = input,
        ["output_tokens"] = output,
        // Commune passes no cache hints on (docs/api.md), so nothing is ever written to or read from a prompt cache for the caller.
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
    };

    /// <summary>
    /// A tool call's arguments as the input object. A model may emit arguments that are not a JSON object (OpenAI-kind steps do not
    /// check); Anthropic's input must be an object, so such text is kept whole under <c>_raw</c> rather than lost or made a 500.
    /// </summary>
    public static JsonNode Input(string argumentsJson)
    {
        if (string.IsNullOrWhiteSpace(argumentsJson))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(argumentsJson) is JsonObject input ? input : new JsonObject { ["_raw"] = argumentsJson };
        }
        catch (JsonException)
        {
            return new JsonObject { ["_raw"] = argumentsJson };
        }
    }
}
