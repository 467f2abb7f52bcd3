using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The SDK marks its Responses client as evaluation-only.

namespace Commune.Tests.Responses;

/// <summary>
/// Function-tool loops over <c>/v1/responses</c>: the official SDK sends a function tool, gets a function_call item, sends the
/// function_call_output back and gets the final text, with the primary step failing so the fallback (of the other kind) answers;
/// and a Codex-shaped loop whose Anthropic reasoning travels out as encrypted_content and back as a signed thinking block.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ResponsesToolLoopTests(ModelGatewayFixture fixture)
{
    private static readonly ResponseTool Weather = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        functionDescription: "The weather in a city.");

    private static readonly ResponseTool Time = ResponseTool.CreateFunctionTool(
        "get_time", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""), strictModeEnabled: false, functionDescription: "The local time.");

    private FakeProviderServer Fake => fixture.Fake;

    private ResponsesClient Client() =>
        new(new ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") });

    [Fact]
    public async Task A_tool_loop_completes_on_the_OpenAI_fallback_when_the_Anthropic_primary_fails()
    {
        Fake.Script("resp-tools-a", FakeReply.Billing(), FakeReply.Billing());
        Fake.Script(
            "resp-tools-b",
            FakeReply.ToolCalls(new FakeToolCall("call_weather", "get_weather", """{"city":"Paris"}""")).WithText("Let me check."),
            FakeReply.Ok("It is sunny in Paris."));
        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("Weather in Paris?")];
        var options = new CreateResponseOptions("resp-tools", input) { Tools = { Weather, Time }, ToolChoice = ResponseToolChoice.CreateRequiredChoice() };

        ResponseResult first = await Client().CreateResponseAsync(options);

        Assert.Equal("oa1/resp-tools-b", first.Model);
        Assert.Equal("Let me check.", first.GetOutputText());
        var call = Assert.Single(first.OutputItems.OfType<FunctionCallResponseItem>());
        Assert.Equal("call_weather", call.CallId);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        // The SDK's own output items go back as input, as its docs show, followed by the tool's result.
        var next = new CreateResponseOptions("resp-tools", [.. input, .. first.OutputItems, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 24 C")])
        {
            Tools = { Weather, Time },
        };
        ResponseResult second = await Client().CreateResponseAsync(next);

        Assert.Equal("It is sunny in Paris.", second.GetOutputText());
        Assert.Empty(second.OutputItems.OfType<FunctionCallResponseItem>());
        Assert.Equal(2, Fake.CountFor("resp-tools-a"));

        // What the OpenAI step was sent: the function tools, "required", then the loop as one assistant turn and a tool message.
        var sent = Fake.RequestsFor("resp-tools-b");
        var request = sent[0].Json!.Value;
        Assert.Equal(["get_weather", "get_time"], request.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal("required", request.GetProperty("tool_choice").GetString());
        var messages = sent[1].Json!.Value.GetProperty("messages");
        Assert.Equal(["user", "assistant", "tool"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Let me check.", messages[1].GetProperty("content").GetString());
        var sentCall = Assert.Single(messages[1].GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(("call_weather", "get_weather"), (sentCall.GetProperty("id").GetString(), sentCall.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal(("call_weather", "sunny, 24 C"), (messages[2].GetProperty("tool_call_id").GetString(), messages[2].GetProperty("content").GetString()));
    }

    [Fact]
    public async Task A_streamed_tool_loop_completes_on_the_Anthropic_fallback_when_the_OpenAI_primary_fails()
    {
        Fake.Script("resp-s-tools-a", FakeReply.Billing(), FakeReply.Billing());
        Fake.Script(
            "resp-s-tools-b",
            FakeReply.ToolCalls(new FakeToolCall("toolu_01a", "get_weather", """{"city":"Oslo"}"""), new FakeToolCall("toolu_01b", "get_time", """{"city":"Oslo"}""")),
            FakeReply.Ok("Cold, and it is noon."));
        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("Weather and time in Oslo?")];

        var (items, deltas, completed) = await StreamAsync(new CreateResponseOptions("resp-s-tools", input) { Tools = { Weather, Time } });

        var calls = items.OfType<FunctionCallResponseItem>().ToList();
        Assert.Equal(["toolu_01a", "toolu_01b"], calls.Select(c => c.CallId));
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.FunctionName));
        Assert.Equal("Oslo", JsonDocument.Parse(calls[0].FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Equal(calls.Select(c => c.FunctionArguments.ToString()), deltas.Select(d => string.Concat(d)));
        Assert.Equal("an1/resp-s-tools-b", completed!.Model);
        Assert.Equal(2, completed.OutputItems.OfType<FunctionCallResponseItem>().Count());

        List<ResponseItem> next = [.. input, .. calls, ResponseItem.CreateFunctionCallOutputItem("toolu_01a", "-3 C"), ResponseItem.CreateFunctionCallOutputItem("toolu_01b", "12:00")];
        var (_, _, final) = await StreamAsync(new CreateResponseOptions("resp-s-tools", next) { Tools = { Weather, Time } });

        Assert.Equal("Cold, and it is noon.", final!.GetOutputText());

        // What the Anthropic step was sent: the tools, then the two calls as tool_use blocks and both results in one user message.
        var sent = Fake.RequestsFor("resp-s-tools-b");
        Assert.All(sent, r => Assert.True(r.Stream));
        Assert.Equal(["get_weather", "get_time"], sent[0].Json!.Value.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var loop = sent[1].Json!.Value.GetProperty("messages");
        Assert.Equal(3, loop.GetArrayLength());
        Assert.Equal(["toolu_01a", "toolu_01b"], loop[1].GetProperty("content").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "tool_use").Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(["toolu_01a", "toolu_01b"], loop[2].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("tool_use_id").GetString()));
    }

    [Fact]
    public async Task A_streamed_tool_loop_completes_on_the_OpenAI_fallback_when_the_Anthropic_primary_fails()
    {
        Fake.Script("resp-s-tools-oa-a", FakeReply.Billing(), FakeReply.Billing());
        Fake.Script(
            "resp-s-tools-oa-b",
            FakeReply.ToolCalls(new FakeToolCall("call_1", "get_weather", """{"city":"Oslo"}"""), new FakeToolCall("call_2", "get_time", """{"city":"Oslo"}""")),
            FakeReply.Ok("Cold, and it is noon."));
        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("Weather and time in Oslo?")];

        var (items, _, completed) = await StreamAsync(new CreateResponseOptions("resp-s-tools-oa", input) { Tools = { Weather, Time } });

        var calls = items.OfType<FunctionCallResponseItem>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.FunctionName));
        Assert.Equal("Oslo", JsonDocument.Parse(calls[1].FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Equal("oa1/resp-s-tools-oa-b", completed!.Model);

        List<ResponseItem> next = [.. input, .. calls, ResponseItem.CreateFunctionCallOutputItem("call_1", "-3 C"), ResponseItem.CreateFunctionCallOutputItem("call_2", "12:00")];
        var (_, _, final) = await StreamAsync(new CreateResponseOptions("resp-s-tools-oa", next) { Tools = { Weather, Time } });

        Assert.Equal("Cold, and it is noon.", final!.GetOutputText());

        // What the OpenAI step was sent: function tools, then one assistant turn with both calls and a tool message for each.
        var sent = Fake.RequestsFor("resp-s-tools-oa-b");
        Assert.Equal(["get_weather", "get_time"], sent[0].Json!.Value.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        var messages = sent[1].Json!.Value.GetProperty("messages");
        Assert.Equal(["user", "assistant", "tool", "tool"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["call_1", "call_2"], messages[1].GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["call_1", "call_2"], messages.EnumerateArray().Skip(2).Select(m => m.GetProperty("tool_call_id").GetString()));
    }

    [Fact]
    public async Task A_Codex_loop_carries_Anthropic_reasoning_out_as_encrypted_content_and_back_as_a_signed_thinking_block()
    {
        Fake.Script(
            "resp-think-a",
            FakeReply.ToolCalls(new FakeToolCall("toolu_01ls", "shell_command", """{"command":"ls"}""")).WithThinking("I should list the files."),
            FakeReply.Ok("There are two files."));
        var first = JsonNode.Parse(ResponsesHttpTests.CodexFirstTurn)!.AsObject();
        first["model"] = "resp-think";
        first["reasoning"] = new JsonObject { ["effort"] = "low", ["summary"] = "auto" };
        var http = new ResponsesHttpTests(fixture);

        var (_, events, broken) = await http.PostStreamAsync(first.ToJsonString());

        Assert.False(broken);
        Assert.Contains(events, e => e.Type == "response.reasoning_summary_text.delta");
        var done = events.Where(e => e.Type == "response.output_item.done").Select(e => e.Data.GetProperty("item")).ToList();
        Assert.Equal(["reasoning", "function_call"], done.Select(i => i.GetProperty("type").GetString()));
        var signature = done[0].GetProperty("encrypted_content").GetString();
        Assert.False(string.IsNullOrEmpty(signature));
        Assert.Equal("I should list the files.", done[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal(("toolu_01ls", "shell_command"), (done[1].GetProperty("call_id").GetString(), done[1].GetProperty("name").GetString()));

        // Codex's next request: the history as it serializes items (no ids), the reasoning with its encrypted content, the call's output.
        var input = first["input"]!.AsArray();
        input.Add(new JsonObject
        {
            ["type"] = "reasoning",
            ["summary"] = new JsonArray(new JsonObject { ["type"] = "summary_text", ["text"] = "I should list the files." }),
            ["encrypted_content"] = signature,
        });
        input.Add(new JsonObject { ["type"] = "function_call", ["name"] = "shell_command", ["arguments"] = """{"command":"ls"}""", ["call_id"] = "toolu_01ls" });
        input.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = "toolu_01ls", ["output"] = "a.txt\nb.txt" });
        var (_, second, secondBroken) = await http.PostStreamAsync(first.ToJsonString());

        Assert.False(secondBroken);
        Assert.Equal("There are two files.", string.Concat(second.Where(e => e.Type == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString())));
        Assert.Equal("response.completed", second[^1].Type);

        var sent = Fake.RequestsFor("resp-think-a");
        Assert.Equal(1024, sent[0].Json!.Value.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        var assistant = sent[1].Json!.Value.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        var blocks = assistant.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["thinking", "tool_use"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(signature, blocks[0].GetProperty("signature").GetString());
        Assert.Equal("I should list the files.", blocks[0].GetProperty("thinking").GetString());
    }

    /// <summary>Streams and collects the done items, the argument deltas per item and the completed response.</summary>
    private async Task<(List<ResponseItem> Items, List<IGrouping<string, string>> Deltas, ResponseResult? Completed)> StreamAsync(CreateResponseOptions options)
    {
        options.StreamingEnabled = true;
        var items = new List<ResponseItem>();
        var deltas = new List<(string ItemId, string Delta)>();
        ResponseResult? completed = null;
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputItemDoneUpdate done:
                    items.Add(done.Item);
                    break;
                case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                    deltas.Add((delta.ItemId, delta.Delta.ToString()));
                    break;
                case StreamingResponseCompletedUpdate end:
                    completed = end.Response;
                    break;
            }
        }

        return (items, deltas.GroupBy(d => d.ItemId, d => d.Delta).ToList(), completed);
    }
}
