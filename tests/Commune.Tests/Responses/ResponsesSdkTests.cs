using System.ClientModel;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The SDK marks its Responses client as evaluation-only; it is what Codex-era clients use.

namespace Commune.Tests.Responses;

/// <summary>The official .NET OpenAI SDK's Responses client, unchanged, against the running gateway's <c>/v1/responses</c>.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ResponsesSdkTests(ModelGatewayFixture fixture)
{
    private FakeProviderServer Fake => fixture.Fake;

    private ResponsesClient Client() =>
        new(new ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") });

    private static CreateResponseOptions Options(string model, string text = "hi") =>
        new(model, [ResponseItem.CreateUserMessageItem(text)]) { Instructions = "Answer briefly." };

    [Fact]
    public async Task The_SDK_gets_a_response_from_an_OpenAI_kind_step_with_usage_and_the_trail()
    {
        Fake.Script("resp-ok-a", FakeReply.Ok("hello from responses", promptTokens: 5, completionTokens: 4));

        ClientResult<ResponseResult> result = await Client().CreateResponseAsync(Options("resp-ok"));
        var response = result.Value;

        Assert.Equal("hello from responses", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal("oa1/resp-ok-a", response.Model);
        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(9, response.Usage.TotalTokenCount);
        Assert.Equal(5, response.Usage.InputTokenCount);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-commune-provider", out var provider));
        Assert.Equal("oa1", provider);

        // instructions became the leading system turn, the input the user turn after it.
        var sent = Fake.RequestsFor("resp-ok-a")[^1].Json!.Value.GetProperty("messages");
        Assert.Equal("system", sent[0].GetProperty("role").GetString());
        Assert.Equal("Answer briefly.", sent[0].GetProperty("content").GetString());
        Assert.Equal("user", sent[1].GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_SDK_gets_a_response_from_an_Anthropic_kind_step()
    {
        Fake.Script("resp-an-a", FakeReply.Ok("hello from claude", promptTokens: 7, completionTokens: 3));

        ResponseResult response = await Client().CreateResponseAsync(Options("resp-an"));

        Assert.Equal("hello from claude", response.GetOutputText());
        Assert.Equal("an1/resp-an-a", response.Model);
        Assert.Equal(10, response.Usage.TotalTokenCount);
        Assert.Equal(FakeProtocol.Anthropic, Fake.RequestsFor("resp-an-a")[^1].Protocol);
    }

    [Fact]
    public async Task The_SDK_streams_from_an_OpenAI_kind_step_with_ordered_sequence_numbers()
    {
        Fake.Script("resp-s-ok-a", FakeReply.Ok("streamed words arrive", promptTokens: 6, completionTokens: 3));

        var (text, completed, sequence) = await StreamAsync(Options("resp-s-ok"));

        Assert.Equal("streamed words arrive", text);
        Assert.NotNull(completed);
        Assert.Equal("oa1/resp-s-ok-a", completed.Model);
        Assert.Equal(9, completed.Usage.TotalTokenCount);
        Assert.Equal("streamed words arrive", completed.GetOutputText());
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.True(Fake.RequestsFor("resp-s-ok-a")[^1].Stream);
    }

    [Fact]
    public async Task The_SDK_streams_from_an_Anthropic_kind_step()
    {
        Fake.Script("resp-s-an-a", FakeReply.Ok("claude streams too", promptTokens: 4, completionTokens: 3));

        var (text, completed, _) = await StreamAsync(Options("resp-s-an"));

        Assert.Equal("claude streams too", text);
        Assert.Equal("an1/resp-s-an-a", completed!.Model);
        Assert.Equal(7, completed.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_SDK_reads_Anthropic_reasoning_as_a_reasoning_item_with_its_encrypted_content()
    {
        Fake.Script("resp-think-sdk-a", FakeReply.Ok("42").WithThinking("Six times seven."));
        var options = Options("resp-think-sdk");
        options.ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = ResponseReasoningEffortLevel.Low };
        options.IncludedProperties.Add(IncludedResponseProperty.ReasoningEncryptedContent);

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.Equal("42", response.GetOutputText());
        var reasoning = Assert.IsAssignableFrom<ReasoningResponseItem>(response.OutputItems[0]);
        Assert.Equal("Six times seven.", reasoning.GetSummaryText());
        Assert.False(string.IsNullOrEmpty(reasoning.EncryptedContent));
        Assert.Equal(1024, Fake.RequestsFor("resp-think-sdk-a")[^1].Json!.Value.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Fact]
    public async Task A_failing_primary_falls_over_and_the_fallback_answers()
    {
        Fake.Script("resp-fallback-a", FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("resp-fallback-b", FakeReply.Ok("the fallback answered"));

        ClientResult<ResponseResult> result = await Client().CreateResponseAsync(Options("resp-fallback"));

        Assert.Equal("the fallback answered", result.Value.GetOutputText());
        Assert.Equal("an1/resp-fallback-b", result.Value.Model);
        Assert.Equal(2, Fake.CountFor("resp-fallback-a"));
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-commune-attempt-trail", out var trail));
        Assert.Contains("an1/resp-fallback-b=success", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_primary_falls_over_before_the_first_streamed_token()
    {
        Fake.Script("resp-s-fallback-a", FakeReply.Status(500), FakeReply.Status(500));
        Fake.Script("resp-s-fallback-b", FakeReply.Ok("streamed by the fallback"));

        var (text, completed, _) = await StreamAsync(Options("resp-s-fallback"));

        Assert.Equal("streamed by the fallback", text);
        Assert.Equal("an1/resp-s-fallback-b", completed!.Model);
    }

    [Fact]
    public async Task A_built_in_tool_is_refused_naming_its_type()
    {
        var options = Options("resp-ok");
        options.Tools.Add(ResponseTool.CreateWebSearchTool());
        var before = Fake.CountFor("resp-ok-a");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        Assert.Contains("tools[0].type \"web_search\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Fake.CountFor("resp-ok-a"));
    }

    [Fact]
    public async Task Store_true_is_refused_because_there_is_no_response_store()
    {
        var options = Options("resp-ok");
        options.StoredOutputEnabled = true;

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        Assert.Contains("store: true is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("store: false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Previous_response_id_is_refused_because_there_is_no_response_store()
    {
        var options = Options("resp-ok");
        options.PreviousResponseId = "resp_earlier";

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        Assert.Contains("previous_response_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_naming_it()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(Options("no-such-responses-profile")));

        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-responses-profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_before_any_event_when_streaming()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => StreamAsync(Options("no-such-responses-profile")));

        Assert.Equal(404, error.Status);
    }

    /// <summary>Streams <paramref name="options"/>: the text deltas joined, the completed response and every sequence number.</summary>
    private async Task<(string Text, ResponseResult? Completed, List<int> Sequence)> StreamAsync(CreateResponseOptions options)
    {
        options.StreamingEnabled = true;
        var text = new StringBuilder();
        ResponseResult? completed = null;
        var sequence = new List<int>();
        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        return (text.ToString(), completed, sequence);
    }

    internal static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
