using System.Net;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models;
using Commune.Tests.Infrastructure.FakeProvider;
using Microsoft.Extensions.AI;

namespace Commune.Tests.FakeProvider;

/// <summary>
/// The official Anthropic SDK, through its Microsoft.Extensions.AI chat client, against the fake: it accepts the fake's
/// answers, and each fault surfaces the way these tests pin down.
/// </summary>
public sealed class AnthropicSdkTests : IAsyncLifetime
{
    private const string Model = "claude-fake";
    private FakeProviderServer _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_non_streaming_answer_carries_text_usage_and_model()
    {
        _fake.Script(Model, FakeReply.Ok("hello from the fake", promptTokens: 12, completionTokens: 4));
        using var client = FakeClients.Anthropic(_fake);

        var response = await client.AsIChatClient(Model).GetResponseAsync("hi");

        Assert.Equal("hello from the fake", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.StartsWith("msg_", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(FakeProtocol.Anthropic, request.Protocol);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(Model, request.Model);
        Assert.False(request.Stream);
        // Anthropic 13.x sends ClientOptions.ApiKey as "Authorization: Bearer", not x-api-key (its XML docs say so).
        Assert.Equal("Bearer test", request.Authorization);
        Assert.Null(request.ApiKey);
        Assert.True(request.Headers.ContainsKey("anthropic-version"));
    }

    [Fact]
    public async Task A_streamed_answer_assembles_the_text_and_reports_usage()
    {
        _fake.Script(Model, FakeReply.Ok("streamed in four words", promptTokens: 9, completionTokens: 4));
        using var client = FakeClients.Anthropic(_fake);

        var updates = await Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"));
        var response = updates.ToChatResponse();

        Assert.Equal("streamed in four words", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(9, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.True(Assert.Single(_fake.Requests).Stream);
    }

    [Fact]
    public async Task Thinking_comes_back_as_signed_reasoning_before_the_text()
    {
        using var client = FakeClients.Anthropic(_fake);
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } };

        var response = await client.AsIChatClient(Model).GetResponseAsync("hi", options);
        var streamed = (await Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi", options))).ToChatResponse();

        foreach (var answer in new[] { response, streamed })
        {
            var contents = answer.Messages.SelectMany(m => m.Contents).ToList();
            var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
            Assert.Equal(FakeReply.DefaultThinking, reasoning.Text);
            Assert.False(string.IsNullOrEmpty(reasoning.ProtectedData));
            Assert.Equal(FakeReply.DefaultText, answer.Text);
        }

        // The SDK maps ChatOptions.Reasoning to adaptive thinking with an effort, not to a token budget.
        Assert.All(_fake.Requests, r =>
        {
            Assert.Equal("adaptive", r.Json?.GetProperty("thinking").GetProperty("type").GetString());
            Assert.Equal("low", r.Json?.GetProperty("output_config").GetProperty("effort").GetString());
        });
    }

    [Fact]
    public async Task Overloaded_surfaces_as_an_AnthropicApiException_529_after_one_request()
    {
        _fake.Script(Model, FakeReply.Overloaded());
        using var client = FakeClients.Anthropic(_fake);

        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.AsIChatClient(Model).GetResponseAsync("hi"));

        Assert.Equal(529, (int)error.StatusCode);
        Assert.Equal(ErrorType.OverloadedError, error.Type?.Value());
        Assert.Equal("overloaded_error", JsonDocument.Parse(error.ResponseBody).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, _fake.CountFor(Model));
    }

    [Fact]
    public async Task A_rate_limit_surfaces_with_status_and_body_but_no_headers()
    {
        _fake.Script(Model, FakeReply.RateLimited(TimeSpan.FromSeconds(7)));
        using var client = FakeClients.Anthropic(_fake);

        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(
            () => Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(ErrorType.RateLimitError, error.Type?.Value());
        Assert.Equal(1, _fake.CountFor(Model));
    }

    [Theory]
    [InlineData(400, typeof(AnthropicBadRequestException))]
    [InlineData(401, typeof(AnthropicUnauthorizedException))]
    [InlineData(402, typeof(AnthropicPaymentRequiredException))]
    [InlineData(403, typeof(AnthropicForbiddenException))]
    [InlineData(500, typeof(Anthropic5xxException))]
    [InlineData(502, typeof(Anthropic5xxException))]
    [InlineData(529, typeof(AnthropicOverloadedException))]
    public async Task Each_status_has_its_exception_type(int status, Type expected)
    {
        _fake.Script(Model, FakeReply.Status(status));
        using var client = FakeClients.Anthropic(_fake);

        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.AsIChatClient(Model).GetResponseAsync("hi"));

        Assert.IsType(expected, error);
        Assert.Equal(status, (int)error.StatusCode);
    }

    [Fact]
    public async Task A_reset_connection_surfaces_as_AnthropicIOException()
    {
        _fake.Script(Model, FakeReply.ConnectionReset());
        using var client = FakeClients.Anthropic(_fake);

        var error = await Assert.ThrowsAsync<AnthropicIOException>(() => client.AsIChatClient(Model).GetResponseAsync("hi"));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(1, _fake.CountFor(Model));
    }

    [Fact]
    public async Task A_stream_cut_mid_answer_surfaces_as_a_bare_IOException_after_the_first_updates()
    {
        _fake.Script(Model, FakeReply.StreamCut(2));
        using var client = FakeClients.Anthropic(_fake);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAnyAsync<IOException>(() => Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"), updates));

        Assert.IsNotType<HttpIOException>(error);
        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_stream_closed_mid_answer_surfaces_as_HttpIOException_ResponseEnded()
    {
        _fake.Script(Model, FakeReply.StreamTruncated(2));
        using var client = FakeClients.Anthropic(_fake);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<HttpIOException>(() => Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"), updates));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_malformed_chunk_surfaces_as_AnthropicInvalidDataException()
    {
        _fake.Script(Model, FakeReply.MalformedChunk(2));
        using var client = FakeClients.Anthropic(_fake);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<AnthropicInvalidDataException>(
            () => Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"), updates));

        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Equal("the quick", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_stream_without_message_stop_completes_normally()
    {
        _fake.Script(Model, FakeReply.NoDone());
        using var client = FakeClients.Anthropic(_fake);

        var response = (await Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal(FakeReply.FaultText, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_stream_without_finish_completes_normally_with_no_finish_reason_and_only_the_start_usage()
    {
        _fake.Script(Model, FakeReply.NoFinish());
        using var client = FakeClients.Anthropic(_fake);

        var response = (await Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal(FakeReply.FaultText, response.Text);
        Assert.Null(response.FinishReason);
        Assert.Equal(1, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task An_in_band_error_event_surfaces_as_AnthropicSseException_with_its_type()
    {
        _fake.Script(Model, FakeReply.StreamError(1));
        using var client = FakeClients.Anthropic(_fake);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<AnthropicSseException>(() => Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"), updates));

        Assert.Equal(ErrorType.OverloadedError, error.Type?.Value());
        Assert.Equal("the", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task The_client_timeout_bounds_a_late_answer_with_TaskCanceledException()
    {
        _fake.Script(Model, FakeReply.Ok().After(TimeSpan.FromSeconds(5)));
        using var client = FakeClients.Anthropic(_fake, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<TaskCanceledException>(() => client.AsIChatClient(Model).GetResponseAsync("hi"));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task The_client_timeout_does_not_bound_a_stalled_stream()
    {
        var stall = TimeSpan.FromMilliseconds(800);
        _fake.Script(Model, FakeReply.StreamStall(2, stall));
        using var client = FakeClients.Anthropic(_fake, timeout: TimeSpan.FromMilliseconds(200));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = (await Collect(client.AsIChatClient(Model).GetStreamingResponseAsync("hi"))).ToChatResponse();

        // The server's timer may fire a millisecond or two before the client's clock says 800 ms (CI saw exactly that); the point is that
        // the stream outlived the 200 ms client timeout by the whole stall, so a 50 ms margin keeps the test's meaning.
        Assert.True(started.Elapsed >= stall - TimeSpan.FromMilliseconds(50), $"The SDK waited out the whole stall (took {started.Elapsed.TotalMilliseconds:F0} ms).");
        Assert.Equal("the quick", response.Text);
        Assert.Null(response.FinishReason);
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
