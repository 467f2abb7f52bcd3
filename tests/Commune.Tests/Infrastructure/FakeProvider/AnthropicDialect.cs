using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>Anthropic Messages as api.anthropic.com sends them, thinking blocks included when the request enables thinking.</summary>
internal sealed class AnthropicDialect : IFakeDialect
{
    public static readonly AnthropicDialect Instance = new();

    public string Protocol => FakeProtocol.Anthropic;

    public string NewId() => "msg_01" + FakeIds.Random(22);

    public void AddHeaders(HttpResponse response) => response.Headers["request-id"] = "req_01" + FakeIds.Random(22);

    public string Completion(FakeAnswer answer)
    {
        var reply = answer.Reply;
        var content = new JsonArray();
        if (answer.Call.Thinking)
        {
            content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = reply.Thinking, ["signature"] = Signature(answer) });
        }

        if (HasText(answer))
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Text });
        }

        foreach (var call in reply.Calls)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
        }

        var message = Message(answer, content, StopReason(reply.Finish), Usage(reply, reply.CompletionTokens));
        return message.ToJsonString();
    }

    public string ErrorBody(FakeReply reply)
    {
        var error = reply.AnthropicError ?? FakeErrorDefaults.Anthropic(reply.StatusCode);
        return Error(error).ToJsonString();
    }

    public string Models(IEnumerable<string> models)
    {
        var ids = models.ToList();
        return new JsonObject
        {
            ["data"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
            {
                ["type"] = "model", ["id"] = id, ["display_name"] = id, ["created_at"] = "2025-01-01T00:00:00Z",
            })]),
            ["has_more"] = false,
            ["first_id"] = ids.FirstOrDefault(),
            ["last_id"] = ids.LastOrDefault(),
        }.ToJsonString();
    }

    public IEnumerable<string> StreamStart(FakeAnswer answer)
    {
        var reply = answer.Reply;
        yield return Event("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = Message(answer, new JsonArray(), null, Usage(reply, 1)),
        });
        if (answer.Call.Thinking)
        {
            yield return Event("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = 0,
                ["content_block"] = new JsonObject { ["type"] = "thinking", ["thinking"] = "", ["signature"] = "" },
            });
            yield return Delta(0, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = reply.Thinking });
            yield return Delta(0, new JsonObject { ["type"] = "signature_delta", ["signature"] = Signature(answer) });
            yield return BlockStop(0);
        }

        if (HasText(answer))
        {
            yield return Event("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = TextIndex(answer),
                ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
            });
        }

        yield return Event("ping", new JsonObject { ["type"] = "ping" });
    }

    public string StreamContent(FakeAnswer answer, string text) =>
        Delta(TextIndex(answer), new JsonObject { ["type"] = "text_delta", ["text"] = text });

    public IEnumerable<string> StreamFinish(FakeAnswer answer)
    {
        if (HasText(answer))
        {
            yield return BlockStop(TextIndex(answer));
        }

        var index = TextIndex(answer) + (HasText(answer) ? 1 : 0);
        foreach (var call in answer.Reply.Calls)
        {
            yield return Event("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = index,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() },
            });
            foreach (var fragment in FakeReply.Fragments(call.ArgumentsJson))
            {
                yield return Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = fragment });
            }

            yield return BlockStop(index++);
        }

        yield return Event("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(answer.Reply.Finish), ["stop_sequence"] = null },
            // Cumulative, input included, as the API sends them today (clients replace, not add, the start's usage).
            ["usage"] = Usage(answer.Reply, answer.Reply.CompletionTokens, serviceTier: false),
        });
    }

    public string StreamDone(FakeAnswer answer) => Event("message_stop", new JsonObject { ["type"] = "message_stop" });

    public string StreamMalformed(FakeAnswer answer) => "event: content_block_delta\ndata: {not json\n\n";

    public string StreamError(FakeAnswer answer)
    {
        var error = answer.Reply.AnthropicError ?? FakeErrorDefaults.Anthropic(answer.Reply.StatusCode);
        return Event("error", new JsonObject { ["type"] = "error", ["error"] = ErrorObject(error) });
    }

    private static JsonObject Message(FakeAnswer answer, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = answer.Id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = answer.Model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static JsonObject Usage(FakeReply reply, int outputTokens, bool serviceTier = true)
    {
        var usage = new JsonObject
        {
            ["input_tokens"] = reply.PromptTokens,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["output_tokens"] = outputTokens,
        };
        if (serviceTier)
        {
            usage["service_tier"] = "standard";
        }

        return usage;
    }

    private static JsonObject Error(FakeError error) => new()
    {
        ["type"] = "error",
        ["error"] = ErrorObject(error),
        ["request_id"] = "req_01" + FakeIds.Random(22),
    };

    private static JsonObject ErrorObject(FakeError error) => new() { ["type"] = error.Type, ["message"] = error.Message };

    private static string Delta(int index, JsonObject delta) => Event("content_block_delta", new JsonObject
    {
        ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta,
    });

    private static string BlockStop(int index) =>
        Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });

    private static int TextIndex(FakeAnswer answer) => answer.Call.Thinking ? 1 : 0;

    /// <summary>A tool-call answer without text has no text block, as the API sends it.</summary>
    private static bool HasText(FakeAnswer answer) => answer.Reply.Text.Length > 0 || answer.Reply.Calls.Count == 0;

    /// <summary>An opaque signature, as the API attaches to every thinking block so it can be sent back.</summary>
    private static string Signature(FakeAnswer answer) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fake-signature:" + answer.Id));

    private static string StopReason(FakeFinish finish) => finish switch
    {
        FakeFinish.Length => "max_tokens",
        FakeFinish.ContentFilter => "refusal",
        FakeFinish.ToolCalls => "tool_use",
        _ => "end_turn",
    };

    private static string Event(string type, JsonObject data) => "event: " + type + "\ndata: " + data.ToJsonString() + "\n\n";
}
