using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Builds OpenAI <c>response</c> objects and their output items as the official SDKs parse them: the request's settings echoed
/// (<see cref="ResponsesRequest.Echo"/>), <c>model</c> as the <c>provider/model</c> that answered, <c>store: false</c>, usage with
/// zero cached and reasoning token details (providers of a chain do not all report them), and a <c>commune</c> member with the
/// profile and attempt trail, as on chat completions. Item ids derive from the response id and the output index, so a streamed
/// response and its final object name the same items.
/// </summary>
public static class ResponsesResponseBuilder
{
    public static string ResponseId(string requestId) => "resp_" + requestId.Replace(':', '_');

    public static string ReasoningId(string responseId, int index) => $"rs_{responseId[5..]}_{index}";

    public static string MessageId(string responseId, int index) => $"msg_{responseId[5..]}_{index}";

    public static string FunctionCallId(string responseId, int index) => $"fc_{responseId[5..]}_{index}";

    /// <summary>The response object without output: <paramref name="status"/> is in_progress, completed, incomplete or failed.</summary>
    public static JsonObject Envelope(ResponsesRequest request, string id, long createdAt, string? model, string status)
    {
        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = createdAt,
            ["status"] = status,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["model"] = model ?? request.Call.Target,
            ["output"] = new JsonArray(),
            ["usage"] = null,
        };
        foreach (var (name, value) in request.Echo)
        {
            response[name] = value?.DeepClone();
        }

        return response;
    }

    /// <summary>The finished response of <paramref name="answer"/>; <paramref name="output"/> when the items were already built (streaming).</summary>
    public static JsonObject Complete(
        ResponsesRequest request, string id, long createdAt, ModelCallResult result, ModelAnswer answer, JsonSerializerOptions options, JsonArray? output = null)
    {
        var (status, incomplete) = Status(answer.FinishReason);
        var response = Envelope(request, id, createdAt, answer.Provider + "/" + answer.Model, status);
        response["incomplete_details"] = incomplete;
        response["output"] = output ?? Output(request, id, answer, status == "completed" ? "completed" : "incomplete");
        response["usage"] = Usage(answer.Usage);
        response["commune"] = JsonSerializer.SerializeToNode(
            new CommuneMetadata(result.Profile, answer.Provider, answer.Model, answer.Simulated, answer.CostUsd, answer.Usage.Estimated, result.Downgraded, result.Attempts),
            options);
        return response;
    }

    /// <summary>The response a stream ends with when the chain broke after its first token: status failed and the error.</summary>
    public static JsonObject Failed(ResponsesRequest request, string id, long createdAt, string? model, ModelCallResult result, JsonSerializerOptions options)
    {
        var response = Envelope(request, id, createdAt, model, "failed");
        response["error"] = new JsonObject { ["code"] = result.Error!.Code, ["message"] = result.Error.Message };
        response["commune"] = JsonSerializer.SerializeToNode(
            new CommuneMetadata(result.Profile, null, null, false, null, false, result.Downgraded, result.Attempts), options);
        return response;
    }

    /// <summary>OpenAI's statuses for a finish reason: length and content_filter end an incomplete response.</summary>
    public static (string Status, JsonObject? Incomplete) Status(string finishReason) => finishReason switch
    {
        "length" => ("incomplete", new JsonObject { ["reason"] = "max_output_tokens" }),
        "content_filter" => ("incomplete", new JsonObject { ["reason"] = "content_filter" }),
        _ => ("completed", null),
    };

    /// <summary>Reasoning (when the model gave any), the message (when it has text), then one item per function call.</summary>
    public static JsonArray Output(ResponsesRequest request, string responseId, ModelAnswer answer, string messageStatus)
    {
        var output = new JsonArray();
        if (!string.IsNullOrEmpty(answer.Reasoning) || answer.ReasoningSignature is not null)
        {
            output.Add(Reasoning(request, ReasoningId(responseId, output.Count), answer.Reasoning, answer.ReasoningSignature));
        }

        if (answer.Text.Length > 0)
        {
            output.Add(Message(MessageId(responseId, output.Count), answer.Text, messageStatus));
        }

        foreach (var call in answer.ToolCalls ?? [])
        {
            output.Add(FunctionCall(FunctionCallId(responseId, output.Count), call.Id, call.Name, call.ArgumentsJson, "completed"));
        }

        return output;
    }

    /// <summary>A reasoning item: the text as one summary part (unless summary is none), the signature when include asked for it.</summary>
    public static JsonObject Reasoning(ResponsesRequest request, string id, string? text, string? signature)
    {
        var summary = new JsonArray();
        if (request.ReasoningSummary && !string.IsNullOrEmpty(text))
        {
            summary.Add(SummaryText(text));
        }

        var item = new JsonObject { ["id"] = id, ["type"] = "reasoning", ["summary"] = summary };
        if (request.IncludeEncryptedReasoning)
        {
            item["encrypted_content"] = signature;
        }

        return item;
    }

    public static JsonObject SummaryText(string text) => new() { ["type"] = "summary_text", ["text"] = text };

    public static JsonObject Message(string id, string text, string status)
    {
        var content = new JsonArray();
        if (status != "in_progress")
        {
            content.Add(OutputText(text));
        }

        return new JsonObject { ["id"] = id, ["type"] = "message", ["status"] = status, ["role"] = "assistant", ["content"] = content };
    }

    public static JsonObject OutputText(string text) =>
        new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray() };

    public static JsonObject FunctionCall(string id, string callId, string name, string arguments, string status) => new()
    {
        ["id"] = id,
        ["type"] = "function_call",
        ["status"] = status,
        ["call_id"] = callId,
        ["name"] = name,
        ["arguments"] = arguments,
    };

    public static JsonObject Usage(TokenUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = usage.OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = usage.TotalTokens,
    };
}
