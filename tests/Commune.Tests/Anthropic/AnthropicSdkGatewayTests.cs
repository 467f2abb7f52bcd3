using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Anthropic;

/// <summary>
/// The official Anthropic .NET SDK, unchanged, against the running gateway's <c>/anthropic</c>: answers from either provider kind come
/// back as Anthropic messages and streams, fallbacks show in the trail headers, and errors arrive as the SDK's own exception types.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class AnthropicSdkGatewayTests(ModelGatewayFixture fixture)
{
    private FakeProviderServer Fake => fixture.Fake;

    private AnthropicSdkClient Sdk() => new(fixture.Gateway.Address);

    [Theory]
    [InlineData("anth-an", "anth-an-a", "an1/anth-an-a", FakeProtocol.Anthropic)]
    [InlineData("anth-oa", "anth-oa-a", "oa1/anth-oa-a", FakeProtocol.OpenAi)]
    public async Task A_message_is_answered_by_either_provider_kind(string profile, string model, string answeredBy, string protocol)
    {
        Fake.Script(model, FakeReply.Ok("hello from " + protocol, promptTokens: 11, completionTokens: 3));
        using var sdk = Sdk();

        var message = await sdk.Client.Messages.Create(AnthropicSdkClient.Ask(profile, "hi there"));

        var text = Assert.Single(message.Content.Select(b => b.TryPickText(out var t) ? t.Text : null).OfType<string>());
        Assert.Equal("hello from " + protocol, text);
        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.Equal(answeredBy, message.Model.Raw());
        Assert.Equal("end_turn", message.StopReason?.Raw());
        Assert.Equal(11, message.Usage.InputTokens);
        Assert.Equal(3, message.Usage.OutputTokens);
        Assert.Equal(profile, sdk.Header("x-commune-profile"));
        Assert.Equal("1", sdk.Header("x-commune-attempts"));
        var request = Assert.Single(Fake.RequestsFor(model));
        Assert.Equal(protocol, request.Protocol);
        Assert.Contains("hi there", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anth-san", "anth-san-a", "an1/anth-san-a")]
    [InlineData("anth-soa", "anth-soa-a", "oa1/anth-soa-a")]
    public async Task A_stream_follows_Anthropics_event_protocol_whichever_kind_answers(string profile, string model, string answeredBy)
    {
        Fake.Script(model, FakeReply.Ok("streamed in four words", promptTokens: 9, completionTokens: 4));
        using var sdk = Sdk();

        var streamed = await AnthropicSdkClient.CollectAsync(sdk.Client.Messages.CreateStreaming(AnthropicSdkClient.Ask(profile)));

        Assert.Equal("streamed in four words", streamed.Text.ToString());
        Assert.Equal(answeredBy, streamed.Model);
        Assert.Equal("end_turn", streamed.StopReason);
        Assert.Equal(4, streamed.OutputTokens);
        Assert.Equal(9, streamed.InputTokens);
        Assert.Equal("message_start", streamed.Events[0]);
        Assert.Equal("content_block_start:0", streamed.Events[1]);
        Assert.All(streamed.Events.Skip(2).SkipLast(3), e => Assert.Equal("text_delta:0", e));
        Assert.Equal(["content_block_stop:0", "message_delta", "message_stop"], streamed.Events.TakeLast(3));
        Assert.True(Assert.Single(Fake.RequestsFor(model)).Stream);
    }

    [Fact]
    public async Task A_failing_Anthropic_kind_primary_falls_over_to_the_OpenAI_kind_step()
    {
        Fake.Script("anth-fb-a", FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("anth-fb-b", FakeReply.Ok("the fallback answered"));
        using var sdk = Sdk();

        var message = await sdk.Client.Messages.Create(AnthropicSdkClient.Ask("anth-fb"));

        Assert.Equal("oa1/anth-fb-b", message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("the fallback answered", text.Text);
        Assert.Equal("2", sdk.Header("x-commune-attempts"));
        Assert.StartsWith("0:an1/anth-fb-a=server_error", sdk.Header("x-commune-attempt-trail"), StringComparison.Ordinal);
        Assert.Equal("oa1", sdk.Header("x-commune-provider"));
    }

    [Fact]
    public async Task A_failing_OpenAI_kind_primary_falls_over_to_the_Anthropic_kind_step_while_streaming()
    {
        Fake.Script("anth-sfb-a", FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("anth-sfb-b", FakeReply.Ok("streamed by the fallback"));
        using var sdk = Sdk();

        var streamed = await AnthropicSdkClient.CollectAsync(sdk.Client.Messages.CreateStreaming(AnthropicSdkClient.Ask("anth-sfb")));

        Assert.Equal("streamed by the fallback", streamed.Text.ToString());
        Assert.Equal("an1/anth-sfb-b", streamed.Model);
        Assert.Equal("2", sdk.Header("x-commune-attempts"));
        Assert.Equal("message_stop", streamed.Events[^1]);
    }

    [Fact]
    public async Task An_unknown_model_is_the_SDKs_not_found_error_in_Anthropics_shape()
    {
        using var sdk = Sdk();

        var error = await Assert.ThrowsAsync<AnthropicNotFoundException>(
            () => sdk.Client.Messages.Create(AnthropicSdkClient.Ask("no-such-profile")));

        var body = JsonDocument.Parse(error.ResponseBody).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("not_found_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("no-such-profile", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("no-such-profile", body.GetProperty("commune").GetProperty("profile").GetString());
    }

    [Fact]
    public async Task A_tool_result_for_no_tool_use_is_the_SDKs_bad_request_naming_the_field()
    {
        using var sdk = Sdk();
        var request = AnthropicSdkClient.Ask("anth-an") with
        {
            Messages =
            [
                new UserMessageParam { Content = new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = "toolu_nowhere", Content = "42" } } },
            ],
        };

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => sdk.Client.Messages.Create(request));

        var body = JsonDocument.Parse(error.ResponseBody).RootElement;
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.StartsWith("messages[0].content[0].tool_use_id", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_step_is_overloaded_the_SDK_sees_529_overloaded()
    {
        Fake.Script("anth-ovl-a", FakeReply.Overloaded());
        Fake.Script("anth-ovl-b", FakeReply.Overloaded());
        using var sdk = Sdk();

        var error = await Assert.ThrowsAsync<AnthropicOverloadedException>(() => sdk.Client.Messages.Create(AnthropicSdkClient.Ask("anth-ovl")));

        Assert.Equal(529, (int)error.StatusCode);
        var body = JsonDocument.Parse(error.ResponseBody).RootElement;
        Assert.Equal("overloaded_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(2, body.GetProperty("commune").GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Count_tokens_answers_the_executors_estimate()
    {
        using var sdk = Sdk();
        var text = new string('x', 400);

        var count = await sdk.Client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "anth-an",
            System = "you are terse",
            Messages = [new UserMessageParam { Content = text }],
        });

        // 4 + 13/4 for the system turn, 4 + 400/4 for the user turn.
        Assert.Equal(4 + 3 + 4 + 100, count.InputTokens);
    }

    [Fact]
    public async Task The_model_list_holds_profiles_and_priced_models_and_pages()
    {
        using var sdk = Sdk();

        var page = await sdk.Client.Models.List(new() { Limit = 2 });

        Assert.Equal(2, page.Items.Count);
        Assert.Contains(page.Items[0].ID, ModelGatewayFixture.Profiles.Keys);
        Assert.True(page.HasNext());
        var ids = new List<string>();
        await foreach (var model in page.Paginate())
        {
            ids.Add(model.ID);
        }

        Assert.Contains("anth-an", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ModelGatewayFixture.Profiles.Count, ids.Count(id => ModelGatewayFixture.Profiles.ContainsKey(id)));
        var one = await sdk.Client.Models.Retrieve("anth-oa");
        Assert.Equal("anth-oa", one.ID);
        Assert.Contains("oa1/anth-oa-a", one.DisplayName, StringComparison.Ordinal);
    }
}
