using System.Text.Json;
using Commune.Gateway.Endpoints.Responses;
using Commune.Models;

namespace Commune.Tests.Responses;

/// <summary>The stream state machine: which Responses events the chain's deltas become, in what order, with what numbers.</summary>
public sealed class ResponsesStreamWriterTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static ResponsesStreamWriter Writer(string body = """{"model": "p", "input": "x", "stream": true}""") =>
        new(ResponsesRequestReaderTests.Read(body), "resp_t1", 1_700_000_000, Json);

    private static ModelCallResult Answer(string text, string finish = "stop", string? reasoning = null, string? signature = null, IReadOnlyList<ToolCall>? calls = null) =>
        new("p", new ModelAnswer(text, reasoning, "oa1", "m", false, finish, new TokenUsage(10, 4), 0m, calls, signature), null, []);

    private static ModelStreamEvent Text(string text) => new(ModelStreamEventKind.Delta, Text: text);

    [Fact]
    public void Text_streams_as_one_message_item_and_completes_numbered_from_zero()
    {
        var writer = Writer();
        var events = writer.Start("oa1", "m").Concat(writer.Delta(Text("Hel"))).Concat(writer.Delta(Text("lo"))).Concat(writer.Complete(Answer("Hello"))).ToList();

        Assert.Equal(
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed",
            ],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data["sequence_number"]!.GetValue<int>()));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data["type"]!.GetValue<string>()));
        Assert.Equal("in_progress", events[0].Data["response"]!["status"]!.GetValue<string>());
        Assert.Equal("oa1/m", events[0].Data["response"]!["model"]!.GetValue<string>());
        Assert.Equal("Hello", events[6].Data["text"]!.GetValue<string>());
        Assert.Equal("msg_t1_0", events[4].Data["item_id"]!.GetValue<string>());

        var response = events[^1].Data["response"]!;
        Assert.Equal("completed", response["status"]!.GetValue<string>());
        Assert.Equal("Hello", response["output"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(14, response["usage"]!["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void Reasoning_text_and_a_tool_call_stream_as_three_items_in_order()
    {
        var writer = Writer("""{"model": "p", "input": "x", "stream": true, "include": ["reasoning.encrypted_content"]}""");
        var events = writer.Start("an1", "m").ToList();
        events.AddRange(writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, Reasoning: "think")));
        events.AddRange(writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, ReasoningSignature: "sig")));
        events.AddRange(writer.Delta(Text("ok")));
        events.AddRange(writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, ToolCall: new ToolCallDelta(0, "call_1", "get"))));
        events.AddRange(writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, ToolCall: new ToolCallDelta(0, ArgumentsFragment: "{\"a\""))));
        events.AddRange(writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, ToolCall: new ToolCallDelta(0, ArgumentsFragment: ":1}"))));
        events.AddRange(writer.Complete(Answer("ok", "tool_calls", "think", "sig", [new ToolCall("call_1", "get", "{\"a\":1}")])));

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            events.Select(e => e.Type));
        var done = events.Where(e => e.Type == "response.output_item.done").Select(e => e.Data).ToList();
        Assert.Equal([0, 1, 2], done.Select(d => d["output_index"]!.GetValue<int>()));
        Assert.Equal("sig", done[0]["item"]!["encrypted_content"]!.GetValue<string>());
        Assert.Equal("think", done[0]["item"]!["summary"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(("call_1", "get", "{\"a\":1}"), (
            done[2]["item"]!["call_id"]!.GetValue<string>(), done[2]["item"]!["name"]!.GetValue<string>(), done[2]["item"]!["arguments"]!.GetValue<string>()));
        var added = events.Where(e => e.Type == "response.output_item.added").Last().Data["item"]!;
        Assert.Equal(("function_call", string.Empty), (added["type"]!.GetValue<string>(), added["arguments"]!.GetValue<string>()));

        var output = events[^1].Data["response"]!["output"]!.AsArray();
        Assert.Equal(["reasoning", "message", "function_call"], output.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal(["rs_t1_0", "msg_t1_1", "fc_t1_2"], output.Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public void A_tool_call_the_provider_did_not_stream_is_emitted_whole_at_completion()
    {
        var writer = Writer();
        writer.Start("oa1", "m");

        var events = writer.Complete(Answer(string.Empty, "tool_calls", calls: [new ToolCall("c1", "f", "{}")]));

        Assert.Equal(
            ["response.output_item.added", "response.function_call_arguments.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.Type));
        Assert.Equal("{}", events[2].Data["item"]!["arguments"]!.GetValue<string>());
    }

    [Fact]
    public void A_length_finish_ends_with_response_incomplete()
    {
        var writer = Writer();
        writer.Start("oa1", "m");
        writer.Delta(Text("cut sh"));

        var last = writer.Complete(Answer("cut sh", "length"))[^1];

        Assert.Equal("response.incomplete", last.Type);
        Assert.Equal("max_output_tokens", last.Data["response"]!["incomplete_details"]!["reason"]!.GetValue<string>());
        Assert.Equal("incomplete", last.Data["response"]!["output"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Without_include_and_with_summary_none_reasoning_items_carry_neither_signature_nor_text()
    {
        var writer = Writer("""{"model": "p", "input": "x", "stream": true, "reasoning": {"effort": "low", "summary": "none"}}""");
        writer.Start("an1", "m");
        var events = writer.Delta(new ModelStreamEvent(ModelStreamEventKind.Delta, Reasoning: "secret")).Concat(writer.Complete(Answer("hi", reasoning: "secret", signature: "sig"))).ToList();

        Assert.DoesNotContain(events, e => e.Type.StartsWith("response.reasoning_summary", StringComparison.Ordinal));
        var reasoning = events.First(e => e.Type == "response.output_item.done").Data["item"]!.AsObject();
        Assert.Empty(reasoning["summary"]!.AsArray());
        Assert.False(reasoning.ContainsKey("encrypted_content"));
    }

    [Fact]
    public void A_failure_after_the_start_is_response_failed_with_the_error()
    {
        var writer = Writer();
        writer.Start("oa1", "m");
        writer.Delta(Text("par"));

        var failed = Assert.Single(writer.Fail(new ModelCallResult("p", null, new ModelCallError(ModelCallErrorCode.StreamInterrupted, "the provider hung up"), [])));

        Assert.Equal("response.failed", failed.Type);
        Assert.Equal(5, failed.Data["sequence_number"]!.GetValue<int>());
        Assert.Equal("stream_interrupted", failed.Data["response"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal("the provider hung up", failed.Data["response"]!["error"]!["message"]!.GetValue<string>());
        Assert.Equal("failed", failed.Data["response"]!["status"]!.GetValue<string>());
    }
}
