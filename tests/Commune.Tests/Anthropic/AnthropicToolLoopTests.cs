using System.Text.Json;
using Anthropic.Models.Messages;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Anthropic;

/// <summary>
/// A whole tool loop through the Messages API with the official SDK: the model asks for a tool, the caller answers with a tool_result,
/// the model answers in text. The primary step fails each time, so the fallback (the other provider kind) carries the loop, and what
/// that provider received shows the calls and results were translated, not dropped.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class AnthropicToolLoopTests(ModelGatewayFixture fixture)
{
    private const string WeatherArguments = """{"city":"Paris"}""";

    private FakeProviderServer Fake => fixture.Fake;

    private static IReadOnlyList<ToolUnion> Tools =>
    [
        new Tool
        {
            Name = "get_weather",
            Description = "Current weather for a city.",
            InputSchema = new InputSchema
            {
                Properties = new Dictionary<string, JsonElement> { ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }) },
                Required = ["city"],
            },
        },
    ];

    private static MessageCreateParams Turn(string profile, params MessageParam[] messages) => new()
    {
        Model = profile,
        MaxTokens = 512,
        Tools = Tools,
        Messages = messages,
    };

    private static UserMessageParam Question => new() { Content = "What is the weather in Paris?" };

    private static AssistantMessageParam Called(string id, IReadOnlyDictionary<string, JsonElement> input) => new()
    {
        Content = new List<ContentBlockParam> { new ToolUseBlockParam { ID = id, Name = "get_weather", Input = input } },
    };

    private static UserMessageParam Result(string id) => new()
    {
        Content = new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = id, Content = "18°C and sunny" } },
    };

    [Fact]
    public async Task A_tool_loop_runs_on_the_OpenAI_kind_fallback_of_an_Anthropic_kind_primary()
    {
        Fake.Script("anth-tools-a", FakeReply.Status(500), FakeReply.Status(500), FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("anth-tools-b",
            FakeReply.ToolCalls(new FakeToolCall("call_w1", "get_weather", WeatherArguments)).WithText("Let me check."),
            FakeReply.Ok("It is 18°C and sunny in Paris."));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);

        var first = await sdk.Client.Messages.Create(Turn("anth-tools", Question));

        Assert.Equal("tool_use", first.StopReason?.Raw());
        Assert.Equal("oa1/anth-tools-b", first.Model.Raw());
        Assert.Equal("2", sdk.Header("x-commune-attempts"));
        Assert.True(first.Content[0].TryPickText(out var preamble));
        Assert.Equal("Let me check.", preamble.Text);
        Assert.True(first.Content[1].TryPickToolUse(out var call));
        Assert.Equal("call_w1", call.ID);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Input["city"].GetString());

        var second = await sdk.Client.Messages.Create(Turn("anth-tools", Question, Called(call.ID, call.Input), Result(call.ID)));

        Assert.Equal("end_turn", second.StopReason?.Raw());
        Assert.True(second.Content[0].TryPickText(out var final));
        Assert.Equal("It is 18°C and sunny in Paris.", final.Text);

        // The OpenAI-kind step got OpenAI's tool vocabulary: the tool, the assistant's tool_calls and a tool message answering it.
        var sent = Fake.RequestsFor("anth-tools-b")[^1].Json!.Value;
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        var messages = sent.GetProperty("messages").EnumerateArray().ToList();
        var assistant = messages.Single(m => m.GetProperty("role").GetString() == "assistant");
        var toolCall = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_w1", toolCall.GetProperty("id").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        var tool = messages.Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_w1", tool.GetProperty("tool_call_id").GetString());
        Assert.Contains("18°C and sunny", tool.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_tool_loop_runs_on_the_Anthropic_kind_fallback_of_an_OpenAI_kind_primary()
    {
        Fake.Script("anth-stools-a", FakeReply.Status(500), FakeReply.Status(500), FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("anth-stools-b",
            FakeReply.ToolCalls(new FakeToolCall("toolu_w2", "get_weather", WeatherArguments)),
            FakeReply.Ok("Sunny, 18°C."));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);

        var first = await AnthropicSdkClient.CollectAsync(sdk.Client.Messages.CreateStreaming(Turn("anth-stools", Question)));

        Assert.Equal("tool_use", first.StopReason);
        Assert.Equal("an1/anth-stools-b", first.Model);
        var call = Assert.Single(first.Tools);
        Assert.Equal("toolu_w2", call.Id);
        Assert.Equal("get_weather", call.Name);
        var input = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(call.Json.ToString())!;
        Assert.Equal("Paris", input["city"].GetString());
        Assert.Contains(first.Events, e => e.StartsWith("input_json_delta:", StringComparison.Ordinal));
        Assert.Equal("message_stop", first.Events[^1]);

        var second = await AnthropicSdkClient.CollectAsync(
            sdk.Client.Messages.CreateStreaming(Turn("anth-stools", Question, Called(call.Id, input), Result(call.Id))));

        Assert.Equal("Sunny, 18°C.", second.Text.ToString());
        Assert.Equal("end_turn", second.StopReason);

        // The Anthropic-kind step got the tool_use back in the assistant turn and the tool_result answering it.
        var sent = Fake.RequestsFor("anth-stools-b")[^1].Json!.Value;
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("name").GetString());
        var blocks = sent.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("content").ValueKind == JsonValueKind.Array ? m.GetProperty("content").EnumerateArray() : Enumerable.Empty<JsonElement>())
            .ToList();
        var toolUse = blocks.Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("toolu_w2", toolUse.GetProperty("id").GetString());
        Assert.Equal("Paris", toolUse.GetProperty("input").GetProperty("city").GetString());
        var toolResult = blocks.Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal("toolu_w2", toolResult.GetProperty("tool_use_id").GetString());
        Assert.Contains("18°C and sunny", toolResult.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_block_reaches_the_provider_with_its_bytes()
    {
        var png = Convert.ToBase64String([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
        Fake.Script("anth-image-a", FakeReply.Ok("a tiny image"));
        using var sdk = new AnthropicSdkClient(fixture.Gateway.Address);

        var message = await sdk.Client.Messages.Create(new MessageCreateParams
        {
            Model = "anth-image",
            MaxTokens = 64,
            Messages =
            [
                new UserMessageParam
                {
                    Content = new List<ContentBlockParam>
                    {
                        new TextBlockParam { Text = "What is this?" },
                        new ImageBlockParam { Source = new Base64ImageSource { Data = png, MediaType = MediaType.ImagePng } },
                    },
                },
            ],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("a tiny image", text.Text);
        var sent = Assert.Single(Fake.RequestsFor("anth-image-a")).Json!.Value;
        var blocks = sent.GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToList();
        var image = blocks.Single(b => b.GetProperty("type").GetString() == "image");
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal(png, image.GetProperty("source").GetProperty("data").GetString());
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "text" && b.GetProperty("text").GetString() == "What is this?");
    }
}
