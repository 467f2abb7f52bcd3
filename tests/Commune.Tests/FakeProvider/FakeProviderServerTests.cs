using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.FakeProvider;

/// <summary>The fake's own contract: scripts per model, the default, the request log and the JSON shapes it answers with.</summary>
public sealed class FakeProviderServerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private FakeProviderServer _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public void The_base_urls_are_loopback_and_shaped_for_each_SDK()
    {
        Assert.Equal("127.0.0.1", _fake.BaseUrl.Host);
        Assert.NotEqual(0, _fake.BaseUrl.Port);
        Assert.Equal(_fake.BaseUrl + "v1", _fake.OpenAiBaseUrl.ToString());
        Assert.Equal(_fake.BaseUrl, _fake.AnthropicBaseUrl);
    }

    [Fact]
    public async Task Scripts_are_taken_in_order_per_model_then_the_default_answers()
    {
        _fake.Script("a", FakeReply.ServerError(), FakeReply.Ok("second"));
        _fake.Script("a", FakeReply.Ok("third"));

        Assert.Equal(3, _fake.Pending("a"));
        Assert.Equal(HttpStatusCode.OK, (await Send(FakeProtocol.OpenAi, "b")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await Send(FakeProtocol.OpenAi, "a")).StatusCode);
        Assert.Contains("second", await (await Send(FakeProtocol.Anthropic, "a")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("third", await (await Send(FakeProtocol.OpenAi, "a")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(FakeReply.DefaultText, await (await Send(FakeProtocol.OpenAi, "a")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, _fake.CountFor("a"));
        Assert.Equal(1, _fake.CountFor("b"));
        Assert.Equal(["b", "a", "a", "a", "a"], _fake.Requests.Select(r => r.Model));
        Assert.Equal(
            [FakeProtocol.OpenAi, FakeProtocol.OpenAi, FakeProtocol.Anthropic, FakeProtocol.OpenAi, FakeProtocol.OpenAi],
            _fake.Requests.Select(r => r.Protocol));
    }

    [Fact]
    public async Task A_faulty_default_is_an_outage_of_every_model_until_reset()
    {
        _fake.Default = FakeReply.BadGateway();
        _fake.Script("scripted", FakeReply.Ok());

        Assert.Equal(HttpStatusCode.BadGateway, (await Send(FakeProtocol.OpenAi, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await Send(FakeProtocol.Anthropic, "y")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(FakeProtocol.OpenAi, "scripted")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await Send(FakeProtocol.OpenAi, "scripted")).StatusCode);

        _fake.Script("x", FakeReply.ServerError());
        _fake.Reset();

        Assert.Empty(_fake.Requests);
        Assert.Equal(0, _fake.Pending("x"));
        Assert.Equal(HttpStatusCode.OK, (await Send(FakeProtocol.OpenAi, "x")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_keys_are_served_and_the_headers_are_recorded()
    {
        using var bare = new HttpRequestMessage(HttpMethod.Post, new Uri(_fake.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent("{\"model\":\"m\",\"messages\":[]}", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(bare)).StatusCode);
        await Send(FakeProtocol.OpenAi, "m");
        await Send(FakeProtocol.Anthropic, "m");

        var requests = _fake.Requests;
        Assert.Null(requests[0].Authorization);
        Assert.Null(requests[0].ApiKey);
        Assert.Equal("Bearer sk-raw", requests[1].Authorization);
        Assert.Equal("sk-ant-raw", requests[2].ApiKey);
        Assert.Equal("2023-06-01", requests[2].Headers["Anthropic-Version"]);
        Assert.True(requests[0].ReceivedAt <= requests[1].ReceivedAt && requests[1].ReceivedAt <= requests[2].ReceivedAt);
    }

    [Fact]
    public async Task The_OpenAI_answer_has_the_fields_of_a_chat_completion()
    {
        _fake.Script("m", FakeReply.Ok("answer", promptTokens: 3, completionTokens: 2));

        var json = await Json(await Send(FakeProtocol.OpenAi, "m"));

        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.True(json.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal("m", json.GetProperty("model").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("answer", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(5, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task The_Anthropic_answer_has_the_fields_of_a_message_and_thinking_when_asked()
    {
        _fake.Script("m", FakeReply.Ok("answer", promptTokens: 3, completionTokens: 2));

        var json = await Json(await Send(FakeProtocol.Anthropic, "m"));
        var thinking = await Json(await Send(FakeProtocol.Anthropic, "m", thinking: true));

        Assert.StartsWith("msg_", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Equal("assistant", json.GetProperty("role").GetString());
        Assert.Equal("m", json.GetProperty("model").GetString());
        Assert.Equal("text", json.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("answer", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
        Assert.Equal(3, json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("thinking", thinking.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(FakeReply.DefaultThinking, thinking.GetProperty("content")[0].GetProperty("thinking").GetString());
        Assert.NotEmpty(thinking.GetProperty("content")[0].GetProperty("signature").GetString()!);
        Assert.Equal("text", thinking.GetProperty("content")[1].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi, FakeFinish.Length, "length")]
    [InlineData(FakeProtocol.OpenAi, FakeFinish.ContentFilter, "content_filter")]
    [InlineData(FakeProtocol.Anthropic, FakeFinish.Length, "max_tokens")]
    [InlineData(FakeProtocol.Anthropic, FakeFinish.ContentFilter, "refusal")]
    public async Task Finishing_sets_the_protocols_finish_reason(string protocol, FakeFinish finish, string expected)
    {
        _fake.Script("m", FakeReply.Ok().Finishing(finish));

        var json = await Json(await Send(protocol, "m"));

        var actual = protocol == FakeProtocol.OpenAi
            ? json.GetProperty("choices")[0].GetProperty("finish_reason").GetString()
            : json.GetProperty("stop_reason").GetString();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(FakeProtocol.OpenAi, "{\"error\":{\"message\":\"prompt is bad\",\"type\":\"weird_error\",\"param\":null,\"code\":\"c1\"}}")]
    [InlineData(FakeProtocol.Anthropic, "{\"type\":\"error\",\"error\":{\"type\":\"weird_error\",\"message\":\"prompt is bad\"}")]
    public async Task Status_writes_the_providers_error_shape(string protocol, string expectedStart)
    {
        _fake.Script("m", FakeReply.Status(418, "weird_error", "prompt is bad", "c1"));

        using var response = await Send(protocol, "m");

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.RetryAfter);
        Assert.StartsWith(expectedStart, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_named_errors_carry_each_protocols_words()
    {
        _fake.Script("m", FakeReply.ContextLength(), FakeReply.ContextLength(), FakeReply.Billing(), FakeReply.ContentPolicy());

        var openAi = await Json(await Send(FakeProtocol.OpenAi, "m"));
        var anthropic = await Json(await Send(FakeProtocol.Anthropic, "m"));
        var openRouter = await Json(await Send(FakeProtocol.OpenAi, "m"));
        var filtered = await Json(await Send(FakeProtocol.Anthropic, "m"));

        Assert.Equal("context_length_exceeded", openAi.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("prompt is too long: 250000 tokens > 200000 maximum", anthropic.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(402, openRouter.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("content filtering policy", filtered.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_holds_the_answer_back()
    {
        _fake.Script("m", FakeReply.Delay(TimeSpan.FromMilliseconds(300), FakeReply.Ok()));
        var watch = Stopwatch.StartNew();

        using var response = await Send(FakeProtocol.OpenAi, "m");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Concurrent_requests_each_take_their_own_scripted_reply()
    {
        var texts = Enumerable.Range(0, 12).Select(i => "answer-" + i).ToList();
        _fake.Script("m", [.. texts.Select(t => FakeReply.Ok(t))]);

        var bodies = await Task.WhenAll(texts.Select(async _ => await (await Send(FakeProtocol.OpenAi, "m")).Content.ReadAsStringAsync()));

        Assert.Equal(texts.Order(), bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("choices")[0].GetProperty("message")
            .GetProperty("content").GetString()).Order());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_400_and_is_recorded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fake.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent("not json", Encoding.UTF8, "application/json"),
        };

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await Json(response)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("not json", Assert.Single(_fake.Requests).Body);
        Assert.Null(_fake.Requests[0].Json);
    }

    [Fact]
    public async Task Unknown_paths_get_a_404_in_the_protocols_shape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fake.BaseUrl, "v1/complete")) { Content = new StringContent("{}") };
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found_error", (await Json(response)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("/v1/complete", Assert.Single(_fake.Requests).Path);
    }

    [Fact]
    public async Task The_Anthropic_model_listing_has_the_Anthropic_shape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fake.BaseUrl, "v1/models"));
        request.Headers.Add("anthropic-version", "2023-06-01");

        var json = await Json(await _http.SendAsync(request));

        Assert.Equal("model", json.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal(FakeProviderServer.DefaultModel, json.GetProperty("first_id").GetString());
        Assert.False(json.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Disposing_does_not_wait_for_delays_in_flight()
    {
        var fake = await FakeProviderServer.StartAsync();
        fake.Default = FakeReply.Ok().After(TimeSpan.FromSeconds(30));
        using var request = RawSse.Chat(fake, FakeProtocol.OpenAi, "m", stream: false);
        var pending = _http.SendAsync(request);
        while (fake.Requests.Count == 0)
        {
            await Task.Delay(10);
        }

        var watch = Stopwatch.StartNew();
        await fake.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), "Stopping took " + watch.Elapsed);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    private async Task<HttpResponseMessage> Send(string protocol, string model, bool thinking = false)
    {
        using var request = RawSse.Chat(_fake, protocol, model, stream: false, thinking);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
    }
}
