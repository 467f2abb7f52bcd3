using Commune.Gateway.Endpoints.Anthropic;
using Commune.Models;

namespace Commune.Tests.Anthropic;

/// <summary>The state machine from Commune's stream events to Anthropic's: block order, indices and the closing events.</summary>
public sealed class AnthropicStreamWriterTests
{
    private static ModelStreamEvent Delta(string? text = null, string? reasoning = null, string? signature = null, ToolCallDelta? tool = null) =>
        new(ModelStreamEventKind.Delta, Text: text, Reasoning: reasoning, ReasoningSignature: signature, ToolCall: tool);

    private static ModelAnswer Answer(string finish, IReadOnlyList<ToolCall>? calls = null) =>
        new("hi", "thought", "an1", "m", false, finish, new TokenUsage(12, 7), 0m, calls);

    private static string Describe(SseFrame frame)
    {
        var data = frame.Data;
        var index = data["index"] is { } i ? ":" + i.GetValue<int>() : "";
        var detail = frame.Event switch
        {
            "content_block_start" => ":" + (string?)data["content_block"]!["type"],
            "content_block_delta" => ":" + (string?)data["delta"]!["type"],
            _ => "",
        };
        return frame.Event + index + detail;
    }

    [Fact]
    public void Reasoning_text_and_tool_calls_become_blocks_in_index_order()
    {
        var writer = new AnthropicStreamWriter();
        var frames = new List<SseFrame>();

        frames.AddRange(writer.Start("msg_1", "an1/m", 30));
        frames.AddRange(writer.Delta(Delta(reasoning: "let me ")));
        frames.AddRange(writer.Delta(Delta(reasoning: "think")));
        frames.AddRange(writer.Delta(Delta(signature: "sig")));
        frames.AddRange(writer.Delta(Delta(text: "calling ")));
        frames.AddRange(writer.Delta(Delta(text: "tools")));
        frames.AddRange(writer.Delta(Delta(tool: new ToolCallDelta(0, "call_a", "add", "{\"a\":"))));
        frames.AddRange(writer.Delta(Delta(tool: new ToolCallDelta(0, ArgumentsFragment: "1}"))));
        frames.AddRange(writer.Delta(Delta(tool: new ToolCallDelta(1, "call_b", "mul", "{}"))));
        frames.AddRange(writer.Complete(Answer("tool_calls", [new ToolCall("call_a", "add", "{\"a\":1}"), new ToolCall("call_b", "mul", "{}")])));

        Assert.Equal(
        [
            "message_start", "ping",
            "content_block_start:0:thinking", "content_block_delta:0:thinking_delta", "content_block_delta:0:thinking_delta", "content_block_delta:0:signature_delta", "content_block_stop:0",
            "content_block_start:1:text", "content_block_delta:1:text_delta", "content_block_delta:1:text_delta", "content_block_stop:1",
            "content_block_start:2:tool_use", "content_block_delta:2:input_json_delta", "content_block_delta:2:input_json_delta", "content_block_stop:2",
            "content_block_start:3:tool_use", "content_block_delta:3:input_json_delta", "content_block_stop:3",
            "message_delta", "message_stop",
        ], frames.Select(Describe));
        var toolStart = frames.First(f => Describe(f) == "content_block_start:2:tool_use").Data["content_block"]!;
        Assert.Equal("call_a", (string?)toolStart["id"]);
        Assert.Equal("add", (string?)toolStart["name"]);
        var end = frames.Single(f => f.Event == "message_delta").Data;
        Assert.Equal("tool_use", (string?)end["delta"]!["stop_reason"]);
        Assert.Equal(7, end["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.Equal(12, end["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(30, frames[0].Data["message"]!["usage"]!["input_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void Tool_calls_the_deltas_never_carried_are_sent_whole_before_the_end()
    {
        var writer = new AnthropicStreamWriter();
        writer.Start("msg_1", "oa1/m", 5);

        var text = writer.Delta(Delta(text: "ok"));
        var end = writer.Complete(Answer("tool_calls", [new ToolCall("call_z", "f", "{\"x\":true}")]));

        Assert.Equal(["content_block_start:0:text", "content_block_delta:0:text_delta"], text.Select(Describe));
        Assert.Equal(
            ["content_block_stop:0", "content_block_start:1:tool_use", "content_block_delta:1:input_json_delta", "content_block_stop:1", "message_delta", "message_stop"],
            end.Select(Describe));
        Assert.Equal("{\"x\":true}", (string?)end[2].Data["delta"]!["partial_json"]);
    }

    [Fact]
    public void A_tool_call_resumed_after_its_block_closed_is_refused_rather_than_misplaced()
    {
        var writer = new AnthropicStreamWriter();
        writer.Delta(Delta(tool: new ToolCallDelta(0, "a", "f", "{")));
        writer.Delta(Delta(tool: new ToolCallDelta(1, "b", "g", "{}")));

        Assert.Throws<AnthropicStreamException>(() => writer.Delta(Delta(tool: new ToolCallDelta(0, ArgumentsFragment: "}"))));
    }

    [Fact]
    public void Frames_are_server_sent_events_named_by_their_type()
    {
        var writer = new AnthropicStreamWriter();
        var bytes = writer.Delta(Delta(text: "hé")).Select(f => System.Text.Encoding.UTF8.GetString(f.ToBytes())).ToList();

        Assert.Equal("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n", bytes[0]);
        Assert.StartsWith("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,", bytes[1], StringComparison.Ordinal);
        Assert.EndsWith("\n\n", bytes[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("length", "max_tokens")]
    [InlineData("tool_calls", "tool_use")]
    [InlineData("content_filter", "refusal")]
    public void Finish_reasons_map_to_Anthropics_stop_reasons(string finish, string stop)
    {
        Assert.Equal(stop, AnthropicResponseWriter.StopReason(finish));
    }
}
