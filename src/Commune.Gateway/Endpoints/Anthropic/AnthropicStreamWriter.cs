using System.Text;
using System.Text.Json.Nodes;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>One server-sent event of Anthropic's stream: its name and JSON data.</summary>
public sealed record SseFrame(string Event, JsonObject Data)
{
    public byte[] ToBytes() => Encoding.UTF8.GetBytes($"event: {Event}\ndata: {Data.ToJsonString()}\n\n");
}

/// <summary>A stream whose pieces cannot be laid out as Anthropic's content blocks (e.g. a tool call resumed after its block closed).</summary>
public sealed class AnthropicStreamException(string message) : Exception(message);

/// <summary>
/// Turns Commune's stream events into Anthropic's event protocol, whichever provider kind answered: <c>message_start</c> and
/// <c>ping</c>, then content blocks in index order (reasoning, text, one per tool call), each opened when the kind of delta changes and
/// closed before the next, then <c>message_delta</c> with the stop reason and usage, and <c>message_stop</c>. Pure: the endpoint writes
/// the frames it returns.
/// </summary>
public sealed class AnthropicStreamWriter
{
    private readonly Dictionary<int, StreamedTool> _tools = [];
    private int _next;
    private Block _open = Block.None;
    private int _openTool = -1;
    private bool _signed;

    private enum Block
    {
        None,
        Thinking,
        Text,
        Tool,
    }

    /// <summary>The frames that open the message; <paramref name="inputTokens"/> is the prompt estimate until the provider's count arrives.</summary>
    public IReadOnlyList<SseFrame> Start(string id, string model, long inputTokens) =>
    [
        new("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = AnthropicResponseWriter.Usage(inputTokens, 0),
            },
        }),
        new("ping", new JsonObject { ["type"] = "ping" }),
    ];

    /// <summary>The frames for one delta: reasoning, its signature, text, then a tool-call piece, in that order.</summary>
    public IReadOnlyList<SseFrame> Delta(ModelStreamEvent delta)
    {
        var frames = new List<SseFrame>();
        if (delta.Reasoning is { Length: > 0 } reasoning)
        {
            // Reasoning after a signature is a new thinking block: a signed one is complete.
            Open(Block.Thinking, frames, force: _signed);
            frames.Add(BlockDelta(new JsonObject { ["type"] = "thinking_delta", ["thinking"] = reasoning }));
        }

        if (delta.ReasoningSignature is { Length: > 0 } signature)
        {
            // A signature closes reasoning; one without any reasoning before it is a redacted block's, still a thinking block.
            if (_open != Block.Thinking || _signed)
            {
                Open(Block.Thinking, frames, force: _signed);
            }

            frames.Add(BlockDelta(new JsonObject { ["type"] = "signature_delta", ["signature"] = signature }));
            _signed = true;
        }

        if (delta.Text is { Length: > 0 } text)
        {
            Open(Block.Text, frames);
            frames.Add(BlockDelta(new JsonObject { ["type"] = "text_delta", ["text"] = text }));
        }

        if (delta.ToolCall is { } piece)
        {
            ToolPiece(piece, frames);
        }

        return frames;
    }

    /// <summary>
    /// The frames that end the message. Tool calls the answer holds but no delta carried (a provider that reports calls only at the end)
    /// get their whole block here, so the streamed message always matches the answer.
    /// </summary>
    public IReadOnlyList<SseFrame> Complete(ModelAnswer answer)
    {
        var frames = new List<SseFrame>();
        Close(frames);
        foreach (var (call, i) in (answer.ToolCalls ?? []).Select((c, i) => (c, i)))
        {
            if (_tools.Values.Any(t => t.Id == call.Id))
            {
                continue;
            }

            var index = _next++;
            frames.Add(new("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = index,
                ["content_block"] = AnthropicResponseWriter.ToolUse(call.Id, call.Name, new JsonObject()),
            }));
            frames.Add(new("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = index,
                ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = call.ArgumentsJson },
            }));
            frames.Add(new("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }));
            _tools[-1 - i] = new StreamedTool(index, call.Id);
        }

        frames.Add(new("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = AnthropicResponseWriter.StopReason(answer.FinishReason), ["stop_sequence"] = null },
            ["usage"] = AnthropicResponseWriter.Usage(answer.Usage.InputTokens, answer.Usage.OutputTokens),
        }));
        frames.Add(new("message_stop", new JsonObject { ["type"] = "message_stop" }));
        return frames;
    }

    /// <summary>The in-band error that ends a broken stream (the endpoint then aborts the connection).</summary>
    public static SseFrame Error(string message, ModelCallResult? result = null) =>
        new("error", AnthropicErrors.Body(AnthropicErrors.Api, message, result));

    private void ToolPiece(ToolCallDelta piece, List<SseFrame> frames)
    {
        if (!_tools.TryGetValue(piece.Index, out var tool))
        {
            if (piece.Id is not { Length: > 0 } id || piece.Name is not { Length: > 0 } name)
            {
                throw new AnthropicStreamException($"The first piece of tool call {piece.Index} named no id or function.");
            }

            Close(frames);
            tool = new StreamedTool(_next++, id);
            _tools[piece.Index] = tool;
            _open = Block.Tool;
            _openTool = piece.Index;
            frames.Add(new("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = tool.BlockIndex,
                ["content_block"] = AnthropicResponseWriter.ToolUse(id, name, new JsonObject()),
            }));
        }
        else if (_open != Block.Tool || _openTool != piece.Index)
        {
            // Anthropic's blocks cannot be reopened; interleaved calls would need buffering no provider has been seen to need.
            throw new AnthropicStreamException($"Tool call {piece.Index} continued after its content block had closed.");
        }

        if (piece.ArgumentsFragment is { Length: > 0 } fragment)
        {
            frames.Add(BlockDelta(new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = fragment }));
        }
    }

    private void Open(Block kind, List<SseFrame> frames, bool force = false)
    {
        if (!force && _open == kind)
        {
            return;
        }

        Close(frames);
        _open = kind;
        _signed = false;
        JsonObject block = kind == Block.Thinking
            ? new JsonObject { ["type"] = "thinking", ["thinking"] = string.Empty, ["signature"] = string.Empty }
            : new JsonObject { ["type"] = "text", ["text"] = string.Empty };
        frames.Add(new("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = _next, ["content_block"] = block }));
        _next++;
    }

    private void Close(List<SseFrame> frames)
    {
        if (_open == Block.None)
        {
            return;
        }

        frames.Add(new("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = _next - 1 }));
        _open = Block.None;
        _openTool = -1;
    }

    private SseFrame BlockDelta(JsonObject delta) =>
        new("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = _next - 1, ["delta"] = delta });

    private sealed record StreamedTool(int BlockIndex, string Id);
}
