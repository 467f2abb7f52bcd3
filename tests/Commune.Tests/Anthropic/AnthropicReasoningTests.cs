using System.Text.Json;
using Anthropic.Models.Messages;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Anthropic;

/// <summary>
/// What Claude Code's loops lean on beyond plain text: extended thinking comes back as a signed thinking block (plain and streamed) and
/// goes back to the provider with its signature; an OpenAI-kind step's streamed tool-call fragments arrive as input_json_delta.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class AnthropicReasoningTests(ModelGatewayFixture fixture)
{
    private FakeProviderServer Fake => fixture.Fake;

    private static MessageCreateParams Thinking(params MessageParam[] messages) => new()
    {
        Model = "anth-think",
        MaxTokens = 4096,
        Thinking = new ThinkingConfigEnabled { BudgetTokens = 2048 },
        Messages = messages,
    };

    [Fact]
    public async Task Thinking_comes_back_signed_and_is_sent_back_with_its_signature()
    {
        Fake.Script("anth-think-a", FakeReply.Ok("the answer").WithThinking("step one, step two"), FakeReply.Ok("the follow-up"));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);
        var question = new UserMessageParam { Content = "think first" };

        var first = await sdk.Client.Messages.Create(Thinking(question));

        Assert.True(first.Content[0].TryPickThinking(out var thinking));
        Assert.Equal("step one, step two", thinking.Thinking);
        Assert.False(string.IsNullOrEmpty(thinking.Signature));
        Assert.True(first.Content[1].TryPickText(out var text));
        Assert.Equal("the answer", text.Text);
        Assert.Equal(2048, Fake.RequestsFor("anth-think-a")[0].Json!.Value.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());

        var replay = new AssistantMessageParam
        {
            Content = new List<ContentBlockParam>
            {
                new ThinkingBlockParam { Thinking = thinking.Thinking, Signature = thinking.Signature },
                new TextBlockParam { Text = text.Text },
            },
        };
        await sdk.Client.Messages.Create(Thinking(question, replay, new UserMessageParam { Content = "and then?" }));

        var sent = Fake.RequestsFor("anth-think-a")[^1].Json!.Value.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal("thinking", sent[0].GetProperty("type").GetString());
        Assert.Equal(thinking.Signature, sent[0].GetProperty("signature").GetString());
        Assert.Equal("the answer", sent[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Streamed_thinking_is_a_thinking_block_with_a_signature_delta_before_the_text()
    {
        Fake.Script("anth-think-a", FakeReply.Ok("streamed answer").WithThinking("quietly"));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);

        var streamed = await AnthropicSdkClient.CollectAsync(sdk.Client.Messages.CreateStreaming(Thinking(new UserMessageParam { Content = "go" })));

        Assert.Equal("quietly", streamed.Thinking.ToString());
        Assert.False(string.IsNullOrEmpty(streamed.Signature.ToString()));
        Assert.Equal("streamed answer", streamed.Text.ToString());
        var firstText = streamed.Events.IndexOf("content_block_start:1");
        Assert.True(streamed.Events.IndexOf("signature_delta:0") is var signature && signature > 0 && signature < firstText, string.Join(", ", streamed.Events));
        Assert.Contains("content_block_stop:0", streamed.Events[..firstText]);
    }

    [Fact]
    public async Task An_OpenAI_kind_steps_streamed_tool_call_arrives_as_input_json_deltas()
    {
        const string arguments = """{"path":"src/Program.cs","line":42}""";
        Fake.Script("anth-oatools-a", FakeReply.ToolCalls(new FakeToolCall("call_r1", "read_file", arguments)).WithText("Reading."));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);
        var request = new MessageCreateParams
        {
            Model = "anth-oatools",
            MaxTokens = 256,
            Tools =
            [
                new Tool
                {
                    Name = "read_file",
                    InputSchema = new InputSchema
                    {
                        Properties = new Dictionary<string, JsonElement>
                        {
                            ["path"] = JsonSerializer.SerializeToElement(new { type = "string" }),
                            ["line"] = JsonSerializer.SerializeToElement(new { type = "integer" }),
                        },
                    },
                },
            ],
            Messages = [new UserMessageParam { Content = "open it" }],
        };

        var streamed = await AnthropicSdkClient.CollectAsync(sdk.Client.Messages.CreateStreaming(request));

        Assert.Equal("oa1/anth-oatools-a", streamed.Model);
        Assert.Equal("Reading.", streamed.Text.ToString());
        Assert.True(streamed.Tools.Count == 1, string.Join(", ", streamed.Events));
        var call = streamed.Tools[0];
        Assert.Equal("call_r1", call.Id);
        Assert.Equal(JsonDocument.Parse(arguments).RootElement.GetRawText(), JsonDocument.Parse(call.Json.ToString()).RootElement.GetRawText());
        Assert.Equal("tool_use", streamed.StopReason);
        Assert.Equal(["content_block_start:0", "text_delta:0"], streamed.Events.Skip(1).Take(2));
        Assert.Contains("content_block_start:1", streamed.Events);
        Assert.DoesNotContain(streamed.Events, e => e.StartsWith("content_block_start:2", StringComparison.Ordinal));
    }
}
