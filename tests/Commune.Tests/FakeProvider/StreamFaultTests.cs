using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.FakeProvider;

/// <summary>Each streaming fault as a bare HTTP client sees it on the wire, in both protocols.</summary>
public sealed class StreamFaultTests : IAsyncLifetime
{
    private const string Model = "stream-model";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private FakeProviderServer _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task A_complete_stream_is_event_stream_chunked_by_word_and_finished(string protocol)
    {
        _fake.Script(Model, FakeReply.Ok("one two three", promptTokens: 7, completionTokens: 3));

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        Assert.Equal("text/event-stream", read.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("one two three", read.Text(protocol));
        if (protocol == FakeProtocol.OpenAi)
        {
            var data = read.Data.ToList();
            Assert.Equal("[DONE]", data[^1]);
            Assert.Contains("\"finish_reason\":\"stop\"", data[^3], StringComparison.Ordinal);
            Assert.Contains("\"choices\":[]", data[^2], StringComparison.Ordinal);
            Assert.Contains("\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10", data[^2], StringComparison.Ordinal);
            Assert.All(data.SkipLast(1), d => Assert.Contains("\"model\":\"" + Model + "\"", d, StringComparison.Ordinal));
            Assert.Equal(3, data.Count(d => d.Contains("\"delta\":{\"content\":", StringComparison.Ordinal)));
        }
        else
        {
            Assert.Equal(
                ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta",
                    "content_block_stop", "message_delta", "message_stop"],
                read.Events);
            var delta = read.Data.Single(d => d.Contains("\"message_delta\"", StringComparison.Ordinal));
            Assert.Contains("\"stop_reason\":\"end_turn\"", delta, StringComparison.Ordinal);
            Assert.Contains("\"output_tokens\":3", delta, StringComparison.Ordinal);
            Assert.Contains("\"model\":\"" + Model + "\"", read.Data.First(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anthropic_thinking_streams_a_signed_thinking_block_before_the_text()
    {
        var read = await RawSse.ReadAsync(_http, RawSse.Chat(_fake, FakeProtocol.Anthropic, Model, stream: true, thinking: true));

        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
                "message_stop"],
            read.Events);
        var data = read.Data.ToList();
        Assert.Contains("\"thinking_delta\"", data[2], StringComparison.Ordinal);
        Assert.Contains("\"signature_delta\"", data[3], StringComparison.Ordinal);
        Assert.Contains("\"index\":1", data[7], StringComparison.Ordinal);
        Assert.Equal(FakeReply.DefaultText, read.Text(FakeProtocol.Anthropic));
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task StreamCut_resets_the_connection_after_the_chunks(string protocol)
    {
        _fake.Script(Model, FakeReply.StreamCut(2));

        var read = await Stream(protocol);

        var error = Assert.IsAssignableFrom<IOException>(read.Error);
        Assert.Contains("reset", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("the quick", read.Text(protocol));
        AssertUnfinished(protocol, read);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task StreamTruncated_ends_the_body_prematurely_after_the_chunks(string protocol)
    {
        _fake.Script(Model, FakeReply.StreamTruncated(2));

        var read = await Stream(protocol);

        var error = Assert.IsType<HttpIOException>(read.Error);
        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal("the quick", read.Text(protocol));
        AssertUnfinished(protocol, read);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task MalformedChunk_puts_a_line_that_is_not_json_among_the_chunks_and_carries_on(string protocol)
    {
        _fake.Script(Model, FakeReply.MalformedChunk(2));

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        var data = read.Data.ToList();
        var bad = data.IndexOf("{not json");
        Assert.True(bad > 0, "The malformed line is in the stream.");
        Assert.Equal(FakeReply.FaultText, read.Text(protocol));
        Assert.Equal(protocol == FakeProtocol.OpenAi ? "[DONE]" : "{\"type\":\"message_stop\"}", data[^1]);
        if (protocol == FakeProtocol.Anthropic)
        {
            var lines = read.Lines.Select(l => l.Text).ToList();
            Assert.Equal("event: content_block_delta", lines[lines.IndexOf("data: {not json") - 1]);
        }
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task NoDone_finishes_with_usage_but_never_says_done(string protocol)
    {
        _fake.Script(Model, FakeReply.NoDone());

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        Assert.Equal(FakeReply.FaultText, read.Text(protocol));
        if (protocol == FakeProtocol.OpenAi)
        {
            Assert.DoesNotContain("[DONE]", read.Data);
            Assert.Contains(read.Data, d => d.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
            Assert.Contains(read.Data, d => d.Contains("\"total_tokens\":15", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain("message_stop", read.Events);
            Assert.Equal("message_delta", read.Events.Last());
        }
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task NoFinish_ends_cleanly_after_the_content_without_finish_or_usage(string protocol)
    {
        _fake.Script(Model, FakeReply.NoFinish());

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        Assert.Equal(FakeReply.FaultText, read.Text(protocol));
        AssertUnfinished(protocol, read);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task StreamStall_goes_silent_for_the_stall_then_ends_unfinished(string protocol)
    {
        var stall = TimeSpan.FromMilliseconds(400);
        _fake.Script(Model, FakeReply.StreamStall(1, stall));

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        Assert.Equal("the", read.Text(protocol));
        var lastLine = read.Lines.Last(l => l.Text.Length > 0);
        Assert.True(read.EndedAt - lastLine.At >= stall - TimeSpan.FromMilliseconds(20), "No byte arrives during the stall.");
        AssertUnfinished(protocol, read);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task SlowFirstToken_sends_headers_at_once_and_the_first_event_late(string protocol)
    {
        var delay = TimeSpan.FromMilliseconds(400);
        _fake.Script(Model, FakeReply.SlowFirstToken(delay));

        var read = await Stream(protocol);

        Assert.True(read.HeadersAt < delay, "Headers arrive before the delay.");
        Assert.True(read.Lines[0].At >= delay - TimeSpan.FromMilliseconds(20), "The first event waits for the delay.");
        Assert.Equal(FakeReply.DefaultText, read.Text(protocol));
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task WithChunkDelay_spaces_the_content_chunks(string protocol)
    {
        _fake.Script(Model, FakeReply.Ok("a b c").WithChunkDelay(TimeSpan.FromMilliseconds(150)));

        var read = await Stream(protocol);

        Assert.Equal("a b c", read.Text(protocol));
        Assert.True(read.EndedAt - read.Lines[0].At >= TimeSpan.FromMilliseconds(280), "Two pauses between three chunks.");
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task StreamError_sends_an_in_band_error_on_a_200_stream(string protocol)
    {
        _fake.Script(Model, FakeReply.StreamError(1));

        var read = await Stream(protocol);

        Assert.Null(read.Error);
        Assert.Equal(200, (int)read.Response.StatusCode);
        Assert.Equal("the", read.Text(protocol));
        var last = read.Data.Last();
        if (protocol == FakeProtocol.OpenAi)
        {
            Assert.Contains(
                "\"error\":{\"code\":529,\"message\":\"The engine is currently overloaded, please try again later.\"}", last, StringComparison.Ordinal);
            Assert.Contains("\"finish_reason\":\"error\"", last, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("error", read.Events.Last());
            Assert.Equal("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", last);
        }
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task An_error_status_answers_a_stream_request_with_the_json_error_before_any_stream(string protocol)
    {
        _fake.Script(Model, FakeReply.RateLimited(TimeSpan.FromSeconds(1.5)));

        var read = await Stream(protocol);

        Assert.Equal(429, (int)read.Response.StatusCode);
        Assert.Equal("application/json", read.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), read.Response.Headers.RetryAfter?.Delta);
        var body = string.Join("\n", read.Lines.Select(l => l.Text));
        Assert.StartsWith(protocol == FakeProtocol.OpenAi ? "{\"error\":{" : "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task ConnectionReset_fails_the_request_without_a_response(string protocol)
    {
        _fake.Script(Model, FakeReply.ConnectionReset());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => RawSse.ReadAsync(_http, RawSse.Chat(_fake, protocol, Model, stream: true)));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task ConnectionClosed_ends_the_connection_cleanly_without_a_response(string protocol)
    {
        _fake.Script(Model, FakeReply.ConnectionClosed());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => RawSse.ReadAsync(_http, RawSse.Chat(_fake, protocol, Model, stream: false)));

        Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpIOException>(error.InnerException).HttpRequestError);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task After_holds_the_headers_back_until_a_client_timeout_gives_up(string protocol)
    {
        _fake.Script(Model, FakeReply.Ok().After(TimeSpan.FromSeconds(5)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var started = DateTimeOffset.UtcNow;
        var error = await Assert.ThrowsAsync<TaskCanceledException>(() => RawSse.ReadAsync(impatient, RawSse.Chat(_fake, protocol, Model, stream: false)));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi)]
    [InlineData(FakeProtocol.Anthropic)]
    public async Task A_cut_non_streaming_answer_delivers_half_the_json_then_resets(string protocol)
    {
        _fake.Script(Model, FakeReply.StreamCut(0));
        using var request = RawSse.Chat(_fake, protocol, Model, stream: false);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();

        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(received.Length > 0 && received.Length < response.Content.Headers.ContentLength, "Part of the body arrived.");
        Assert.Equal((byte)'{', received.GetBuffer()[0]);
    }

    private async Task<SseRead> Stream(string protocol)
    {
        using var request = RawSse.Chat(_fake, protocol, Model, stream: true);
        return await RawSse.ReadAsync(_http, request);
    }

    private static void AssertUnfinished(string protocol, SseRead read)
    {
        if (protocol == FakeProtocol.OpenAi)
        {
            Assert.DoesNotContain(read.Data, d => d.Contains("\"finish_reason\":\"", StringComparison.Ordinal));
            Assert.DoesNotContain("[DONE]", read.Data);
        }
        else
        {
            Assert.DoesNotContain("message_delta", read.Events);
            Assert.DoesNotContain("message_stop", read.Events);
        }
    }
}
