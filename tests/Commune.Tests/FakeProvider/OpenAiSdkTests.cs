using System.ClientModel;
using System.Text.Json;
using Commune.Tests.Infrastructure.FakeProvider;
using Microsoft.Extensions.AI;

namespace Commune.Tests.FakeProvider;

/// <summary>
/// The official OpenAI SDK, through Microsoft.Extensions.AI, against the fake: it accepts the fake's answers, and each
/// fault surfaces the way these tests pin down — which is what the error classifier has to recognise.
/// </summary>
public sealed class OpenAiSdkTests : IAsyncLifetime
{
    private const string Model = "gpt-fake";
    private FakeProviderServer _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_non_streaming_answer_carries_text_usage_and_model()
    {
        _fake.Script(Model, FakeReply.Ok("hello from the fake", promptTokens: 12, completionTokens: 4));
        var chat = FakeClients.OpenAi(_fake, Model);

        var response = await chat.GetResponseAsync("hi");

        Assert.Equal("hello from the fake", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.StartsWith("chatcmpl-", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.Equal(16, response.Usage?.TotalTokenCount);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(FakeProtocol.OpenAi, request.Protocol);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal(Model, request.Model);
        Assert.False(request.Stream);
        Assert.Equal("Bearer test", request.Authorization);
        Assert.Equal("hi", request.Json?.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_streamed_answer_assembles_the_text_and_reports_usage()
    {
        _fake.Script(Model, FakeReply.Ok("streamed in four words", promptTokens: 9, completionTokens: 4));
        var chat = FakeClients.OpenAi(_fake, Model);

        var updates = await Collect(chat.GetStreamingResponseAsync("hi"));
        var response = updates.ToChatResponse();

        Assert.Equal("streamed in four words", response.Text);
        Assert.Equal(4, updates.Count(u => u.Text.Length > 0));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(9, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_fake.Requests);
        Assert.True(request.Stream);
        Assert.True(request.Json?.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), "The SDK asks for usage.");
    }

    [Fact]
    public async Task A_rate_limit_surfaces_as_ClientResultException_429_with_a_readable_Retry_After_after_one_request()
    {
        _fake.Script(Model, FakeReply.RateLimited(TimeSpan.FromSeconds(7)));
        var chat = FakeClients.OpenAi(_fake, Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi"));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse();
        Assert.NotNull(raw);
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Equal("rate_limit_exceeded", JsonDocument.Parse(raw.Content).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.StartsWith("HTTP 429 (requests: rate_limit_exceeded)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _fake.CountFor(Model));
    }

    [Fact]
    public async Task A_streaming_request_meets_an_error_status_before_the_first_update()
    {
        _fake.Script(Model, FakeReply.SpendLimit());
        var chat = FakeClients.OpenAi(_fake, Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Collect(chat.GetStreamingResponseAsync("hi")));

        Assert.Equal(429, error.Status);
        Assert.Contains("insufficient_quota", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenRouters_numeric_error_code_still_parses()
    {
        _fake.Script(Model, FakeReply.Billing());
        var chat = FakeClients.OpenAi(_fake, Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi"));

        Assert.Equal(402, error.Status);
        Assert.Contains("Insufficient credits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxys_html_page_surfaces_with_its_status_and_a_generic_message()
    {
        _fake.Script(Model, FakeReply.Raw(502, "<html><body>502 Bad Gateway</body></html>", "text/html"));
        var chat = FakeClients.OpenAi(_fake, Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi"));

        Assert.Equal(502, error.Status);
        Assert.StartsWith("Service request failed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_connection_surfaces_as_ClientResultException_with_status_0()
    {
        _fake.Script(Model, FakeReply.ConnectionReset());
        var chat = FakeClients.OpenAi(_fake, Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi"));

        Assert.Equal(0, error.Status);
        Assert.Null(error.GetRawResponse());
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(1, _fake.CountFor(Model));
    }

    [Fact]
    public async Task A_stream_cut_mid_answer_surfaces_as_a_bare_IOException_after_the_first_updates()
    {
        _fake.Script(Model, FakeReply.StreamCut(2));
        var chat = FakeClients.OpenAi(_fake, Model);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAnyAsync<IOException>(() => Collect(chat.GetStreamingResponseAsync("hi"), updates));

        Assert.IsNotType<HttpIOException>(error);
        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_stream_closed_mid_answer_surfaces_as_HttpIOException_ResponseEnded()
    {
        _fake.Script(Model, FakeReply.StreamTruncated(2));
        var chat = FakeClients.OpenAi(_fake, Model);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<HttpIOException>(() => Collect(chat.GetStreamingResponseAsync("hi"), updates));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_malformed_chunk_surfaces_as_a_bare_JsonException()
    {
        _fake.Script(Model, FakeReply.MalformedChunk(2));
        var chat = FakeClients.OpenAi(_fake, Model);
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAnyAsync<JsonException>(() => Collect(chat.GetStreamingResponseAsync("hi"), updates));

        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_stream_without_DONE_completes_normally()
    {
        _fake.Script(Model, FakeReply.NoDone());
        var chat = FakeClients.OpenAi(_fake, Model);

        var response = (await Collect(chat.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal(FakeReply.FaultText, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
    }

    [Fact]
    public async Task A_stream_without_finish_completes_normally_with_no_finish_reason_and_no_usage()
    {
        _fake.Script(Model, FakeReply.NoFinish());
        var chat = FakeClients.OpenAi(_fake, Model);

        var response = (await Collect(chat.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal(FakeReply.FaultText, response.Text);
        Assert.Null(response.FinishReason);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task OpenRouters_in_band_stream_error_breaks_the_SDK_with_ArgumentOutOfRangeException()
    {
        _fake.Script(Model, FakeReply.StreamError(1));
        var chat = FakeClients.OpenAi(_fake, Model);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Collect(chat.GetStreamingResponseAsync("hi"), updates));

        Assert.Contains("Unknown ChatFinishReason value", error.Message, StringComparison.Ordinal);
        Assert.Equal("the", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task The_network_timeout_bounds_a_late_answer_with_TaskCanceledException()
    {
        _fake.Script(Model, FakeReply.Ok().After(TimeSpan.FromSeconds(5)));
        var chat = FakeClients.OpenAi(_fake, Model, networkTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<TaskCanceledException>(() => chat.GetResponseAsync("hi"));

        Assert.Contains("NetworkTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_network_timeout_also_bounds_each_read_of_a_stalled_stream()
    {
        _fake.Script(Model, FakeReply.StreamStall(2, TimeSpan.FromSeconds(5)));
        var chat = FakeClients.OpenAi(_fake, Model, networkTimeout: TimeSpan.FromMilliseconds(300));
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<TaskCanceledException>(() => Collect(chat.GetStreamingResponseAsync("hi"), updates));

        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task The_model_listing_answers_the_SDK()
    {
        _fake.Script("other-model", FakeReply.Ok());

        var models = await FakeClients.OpenAiClient(_fake).GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal([FakeProviderServer.DefaultModel, "other-model"], models.Value.Select(m => m.Id));
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate>? into = null)
    {
        into ??= [];
        await foreach (var update in stream)
        {
            into.Add(update);
        }

        return into;
    }
}
