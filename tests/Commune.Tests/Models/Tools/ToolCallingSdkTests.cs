using System.ClientModel;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using OpenAI;
using OpenAI.Chat;

namespace Commune.Tests.Models.Tools;

/// <summary>
/// A tool loop through the official OpenAI SDK against the gateway: the primary step fails, so an Anthropic-kind fallback answers and the
/// calls are translated both ways (OpenAI tools and tool messages in, Anthropic tool_use / tool_result blocks out, and back).
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ToolCallingSdkTests(ModelGatewayFixture fixture)
{
    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool(
        "get_weather",
        "The weather in a city.",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private static readonly ChatTool Time = ChatTool.CreateFunctionTool(
        "get_time", "The local time in a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""));

    private ChatClient Client(string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") }).GetChatClient(model);

    [Fact]
    public async Task A_tool_loop_completes_on_the_Anthropic_fallback_when_the_OpenAI_primary_fails()
    {
        fixture.Fake.Script("tools-a", FakeReply.Billing(), FakeReply.Billing());
        fixture.Fake.Script(
            "tools-b",
            FakeReply.ToolCalls(new FakeToolCall("toolu_01weather", "get_weather", """{"city":"Paris"}""")).WithText("Let me check."),
            FakeReply.Ok("It is sunny in Paris."));
        var options = new ChatCompletionOptions { Tools = { Weather, Time }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await Client("tools").CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("toolu_01weather", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Equal("Let me check.", first.Content[0].Text);
        Assert.Equal("an1/tools-b", first.Model);

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny, 24 C"));
        ChatCompletion second = await Client("tools").CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("It is sunny in Paris.", second.Content[0].Text);

        // What the Anthropic step was sent: the tools with their schemas, "any" for required, then the loop's blocks.
        var sent = fixture.Fake.RequestsFor("tools-b");
        var request = sent[0].Json!.Value;
        Assert.Equal(["get_weather", "get_time"], request.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("string", request.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("any", request.GetProperty("tool_choice").GetProperty("type").GetString());
        var loop = sent[1].Json!.Value.GetProperty("messages");
        var toolUse = loop[1].GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("toolu_01weather", toolUse.GetProperty("id").GetString());
        Assert.Equal("Paris", toolUse.GetProperty("input").GetProperty("city").GetString());
        var result = loop[2].GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal("toolu_01weather", result.GetProperty("tool_use_id").GetString());
        Assert.Contains("sunny, 24 C", result.GetProperty("content").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_tool_call_arrives_as_deltas_the_SDK_assembles_and_the_loop_continues()
    {
        fixture.Fake.Script("s-tools-a", FakeReply.Billing(), FakeReply.Billing());
        fixture.Fake.Script(
            "s-tools-b",
            FakeReply.ToolCalls(
                new FakeToolCall("toolu_01a", "get_weather", """{"city":"Oslo"}"""),
                new FakeToolCall("toolu_01b", "get_time", """{"city":"Oslo"}""")),
            FakeReply.Ok("Cold, and it is noon."));
        var options = new ChatCompletionOptions { Tools = { Weather, Time } };
        List<ChatMessage> messages = [new UserChatMessage("Weather and time in Oslo?")];

        var (text, calls, finish) = await StreamAsync(Client("s-tools"), messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(string.Empty, text);
        Assert.Equal(2, calls.Count);
        Assert.Equal(("toolu_01a", "get_weather", """{"city":"Oslo"}"""), calls[0]);
        Assert.Equal(("toolu_01b", "get_time", """{"city":"Oslo"}"""), calls[1]);

        messages.Add(new AssistantChatMessage(calls.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments))).ToList()));
        messages.Add(new ToolChatMessage("toolu_01a", "-3 C"));
        messages.Add(new ToolChatMessage("toolu_01b", "12:00"));
        var (answer, more, end) = await StreamAsync(Client("s-tools"), messages, options);

        Assert.Equal("Cold, and it is noon.", answer);
        Assert.Empty(more);
        Assert.Equal(ChatFinishReason.Stop, end);

        // Both results of one assistant turn reach Anthropic in one user message, as it requires.
        var loop = fixture.Fake.RequestsFor("s-tools-b")[1].Json!.Value.GetProperty("messages");
        Assert.Equal(3, loop.GetArrayLength());
        Assert.Equal(["toolu_01a", "toolu_01b"], loop[2].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("tool_use_id").GetString()));
    }

    [Fact]
    public async Task Ids_another_provider_cannot_take_are_translated_consistently_for_call_and_result()
    {
        fixture.Fake.Script("tools-anthropic-a", FakeReply.Ok("done"));
        var options = new ChatCompletionOptions { Tools = { Weather } };
        const string foreignId = "call:weather/1 from a gateway that allows anything";
        List<ChatMessage> messages =
        [
            new UserChatMessage("Weather in Rome?"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(foreignId, "get_weather", BinaryData.FromString("""{"city":"Rome"}"""))]),
            new ToolChatMessage(foreignId, "warm"),
        ];

        ChatCompletion completion = await Client("tools-anthropic").CompleteChatAsync(messages, options);

        Assert.Equal("done", completion.Content[0].Text);
        var sent = fixture.Fake.RequestsFor("tools-anthropic-a").Single().Json!.Value.GetProperty("messages");
        var useId = sent[1].GetProperty("content")[0].GetProperty("id").GetString()!;
        var resultId = sent[2].GetProperty("content")[0].GetProperty("tool_use_id").GetString()!;
        Assert.StartsWith("toolu_", useId, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+$", useId);
        Assert.Equal(useId, resultId);
    }

    [Fact]
    public async Task Tool_choice_and_parallel_tool_calls_reach_each_provider_kind_in_its_own_words()
    {
        fixture.Fake.Script("tools-choice-a", FakeReply.Billing(), FakeReply.ToolCalls(new FakeToolCall("call_1", "get_time", "{}")));
        fixture.Fake.Script("tools-choice-b", FakeReply.ToolCalls(new FakeToolCall("toolu_1", "get_time", "{}")));
        var options = new ChatCompletionOptions
        {
            Tools = { Weather, Time }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_time"), AllowParallelToolCalls = false,
        };

        ChatCompletion viaAnthropic = await Client("tools-choice").CompleteChatAsync([new UserChatMessage("time?")], options);
        ChatCompletion viaOpenAi = await Client("tools-choice").CompleteChatAsync([new UserChatMessage("time?")], options);

        Assert.Equal("get_time", viaAnthropic.ToolCalls.Single().FunctionName);
        Assert.Equal("get_time", viaOpenAi.ToolCalls.Single().FunctionName);
        var anthropic = fixture.Fake.RequestsFor("tools-choice-b").Single().Json!.Value.GetProperty("tool_choice");
        Assert.Equal("tool", anthropic.GetProperty("type").GetString());
        Assert.Equal("get_time", anthropic.GetProperty("name").GetString());
        Assert.True(anthropic.GetProperty("disable_parallel_tool_use").GetBoolean());
        var openAi = fixture.Fake.RequestsFor("tools-choice-a")[1].Json!.Value;
        Assert.Equal("get_time", openAi.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.False(openAi.GetProperty("parallel_tool_calls").GetBoolean());
    }

    private static async Task<(string Text, List<(string Id, string Name, string Arguments)> Calls, ChatFinishReason? Finish)> StreamAsync(
        ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        var text = new StringBuilder();
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (var call in update.ToolCallUpdates)
            {
                if (call.ToolCallId is { } id)
                {
                    ids[call.Index] = id;
                    names[call.Index] = call.FunctionName;
                }

                if (!arguments.TryGetValue(call.Index, out var built))
                {
                    arguments[call.Index] = built = new StringBuilder();
                }

                built.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        return (text.ToString(), ids.Keys.Order().Select(i => (ids[i], names[i], arguments[i].ToString())).ToList(), finish);
    }
}
