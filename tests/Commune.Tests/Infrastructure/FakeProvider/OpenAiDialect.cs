using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// OpenAI chat completions as api.openai.com sends them; in-band stream errors and numeric error codes as OpenRouter
/// sends them.
/// </summary>
internal sealed class OpenAiDialect : IFakeDialect
{
    public static readonly OpenAiDialect Instance = new();

    public string Protocol => FakeProtocol.OpenAi;

    public string NewId() => "chatcmpl-" + FakeIds.Random(29);

    public void AddHeaders(HttpResponse response) => response.Headers["x-request-id"] = "req_" + FakeIds.Random(32);

    public string Completion(FakeAnswer answer)
    {
        var reply = answer.Reply;
        var body = Envelope(answer, "chat.completion");
        body["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = Message(reply),
            ["logprobs"] = null,
            ["finish_reason"] = FinishReason(reply.Finish),
        });
        body["usage"] = Usage(reply);
        return body.ToJsonString();
    }

    public string ErrorBody(FakeReply reply)
    {
        var error = reply.OpenAiError ?? FakeErrorDefaults.OpenAi(reply.StatusCode);
        return new JsonObject { ["error"] = Error(error) }.ToJsonString();
    }

    public string Models(IEnumerable<string> models) => new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id, ["object"] = "model", ["created"] = 1_700_000_000, ["owned_by"] = "fake",
        })]),
    }.ToJsonString();

    public IEnumerable<string> StreamStart(FakeAnswer answer)
    {
        yield return Chunk(answer, new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null);
    }

    public string StreamContent(FakeAnswer answer, string text) => Chunk(answer, new JsonObject { ["content"] = text }, null);

    public IEnumerable<string> StreamFinish(FakeAnswer answer)
    {
        for (var i = 0; i < answer.Reply.Calls.Count; i++)
        {
            var call = answer.Reply.Calls[i];
            yield return Chunk(answer, ToolDelta(i, new JsonObject
            {
                ["index"] = i,
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
            }), null);
            foreach (var fragment in FakeReply.Fragments(call.ArgumentsJson))
            {
                yield return Chunk(answer, ToolDelta(i, new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = fragment } }), null);
            }
        }

        yield return Chunk(answer, new JsonObject(), FinishReason(answer.Reply.Finish));
        if (answer.Call.IncludeUsage)
        {
            var usage = Envelope(answer, "chat.completion.chunk");
            usage["choices"] = new JsonArray();
            usage["usage"] = Usage(answer.Reply);
            yield return Data(usage.ToJsonString());
        }
    }

    public string StreamDone(FakeAnswer answer) => Data("[DONE]");

    public string StreamMalformed(FakeAnswer answer) => Data("{not json");

    /// <summary>OpenRouter's mid-stream error: a chunk with a top-level <c>error</c> and <c>finish_reason: "error"</c>.</summary>
    public string StreamError(FakeAnswer answer)
    {
        var error = answer.Reply.OpenAiError ?? FakeErrorDefaults.OpenAi(answer.Reply.StatusCode);
        var chunk = Envelope(answer, "chat.completion.chunk");
        chunk["provider"] = "fake";
        chunk["error"] = new JsonObject
        {
            ["code"] = error.Code is { } code && !error.NumericCode ? JsonValue.Create(code) : JsonValue.Create(answer.Reply.StatusCode),
            ["message"] = error.Message,
        };
        chunk["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = new JsonObject { ["content"] = "" },
            ["finish_reason"] = "error",
        });
        return Data(chunk.ToJsonString());
    }

    private static JsonObject Message(FakeReply reply)
    {
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = reply.Calls.Count > 0 && reply.Text.Length == 0 ? null : reply.Text,
            ["refusal"] = null,
            ["annotations"] = new JsonArray(),
        };
        if (reply.Calls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.Calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            })]);
        }

        return message;
    }

    private static JsonObject ToolDelta(int index, JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };

    private static string Chunk(FakeAnswer answer, JsonObject delta, string? finishReason)
    {
        var chunk = Envelope(answer, "chat.completion.chunk");
        chunk["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        });
        if (answer.Call.IncludeUsage)
        {
            chunk["usage"] = null;
        }

        return Data(chunk.ToJsonString());
    }

    private static JsonObject Envelope(FakeAnswer answer, string type) => new()
    {
        ["id"] = answer.Id,
        ["object"] = type,
        ["created"] = answer.Created,
        ["model"] = answer.Model,
        ["service_tier"] = "default",
        ["system_fingerprint"] = "fp_fake",
    };

    private static JsonObject Usage(FakeReply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = 0,
            ["audio_tokens"] = 0,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };

    /// <summary>OpenAI's error object; OpenRouter's (numeric code) has only <c>code</c> and <c>message</c>.</summary>
    private static JsonObject Error(FakeError error)
    {
        if (error.NumericCode && int.TryParse(error.Code, out var number))
        {
            return new JsonObject { ["code"] = number, ["message"] = error.Message };
        }

        return new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = error.Type,
            ["param"] = error.Param,
            ["code"] = error.Code,
        };
    }

    private static string FinishReason(FakeFinish finish) => finish switch
    {
        FakeFinish.Length => "length",
        FakeFinish.ContentFilter => "content_filter",
        FakeFinish.ToolCalls => "tool_calls",
        _ => "stop",
    };

    private static string Data(string data) => "data: " + data + "\n\n";
}
