using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Models;

/// <summary>Every error class through the real gateway, the real SDK clients and a fault-injecting provider on loopback.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ChatCompletionsTests(ModelGatewayFixture fixture)
{
    private FakeProviderServer Fake => fixture.Fake;

    private async Task<(HttpResponseMessage Response, JsonElement Body)> ChatAsync(string profile, int? maxTokens = null)
    {
        var response = await fixture.Client.PostAsJsonAsync("/v1/chat/completions", ModelGatewayFixture.Chat(profile, maxTokens: maxTokens));
        return (response, await Json.ReadAsync(response));
    }

    private static string[] Outcomes(JsonElement body, string member = "commune") =>
        (member == "commune" ? body.GetProperty("commune").GetProperty("attempts") : body.GetProperty("attempts"))
        .EnumerateArray().Select(a => a.GetProperty("outcome").GetString()!).ToArray();

    [Fact]
    public async Task Answer_names_the_model_that_answered_and_carries_the_trail_in_body_and_headers()
    {
        Fake.Script("ok-a", FakeReply.Ok("the answer", promptTokens: 12, completionTokens: 7));

        var (response, body) = await ChatAsync("ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("the answer", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("oa1/ok-a", body.GetProperty("model").GetString());
        Assert.Equal(19, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        var commune = body.GetProperty("commune");
        Assert.Equal("oa1", commune.GetProperty("provider").GetString());
        Assert.False(commune.GetProperty("simulated").GetBoolean());
        Assert.Equal(["success"], Outcomes(body));
        Assert.Equal("oa1", response.Headers.GetValues("x-commune-provider").Single());
        Assert.Equal("ok-a", response.Headers.GetValues("x-commune-model").Single());
        Assert.Equal("false", response.Headers.GetValues("x-commune-simulated").Single());
        Assert.StartsWith("0:oa1/ok-a=success:", response.Headers.GetValues("x-commune-attempt-trail").Single(), StringComparison.Ordinal);
        Assert.Equal("Bearer test-openai-key", Fake.RequestsFor("ok-a").Single().Authorization);
    }

    [Fact]
    public async Task Rate_limit_whose_retry_after_fits_the_step_is_waited_out_on_the_same_model()
    {
        Fake.Script("retry-fits-a", FakeReply.RateLimited(TimeSpan.FromMilliseconds(200)), FakeReply.Ok("after waiting"));

        var (response, body) = await ChatAsync("retry-fits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oa1/retry-fits-a", body.GetProperty("model").GetString());
        Assert.Equal(2, body.GetProperty("commune").GetProperty("attempts")[0].GetProperty("tries").GetInt32());
        Assert.Equal(2, Fake.CountFor("retry-fits-a"));
        Assert.Equal(0, Fake.CountFor("retry-fits-b"));
    }

    [Fact]
    public async Task Rate_limit_whose_retry_after_exceeds_the_step_budget_falls_over_at_once()
    {
        Fake.Script("retry-long-a", FakeReply.RateLimited(TimeSpan.FromSeconds(30)));

        var (response, body) = await ChatAsync("retry-long");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["rate_limited", "success"], Outcomes(body));
        Assert.Equal(1, Fake.CountFor("retry-long-a"));
        Assert.True(body.GetProperty("commune").GetProperty("attempts")[0].GetProperty("latency_ms").GetDouble() < 1000);
    }

    [Theory]
    [InlineData("spend", "spend_limit")]
    [InlineData("billing", "billing")]
    [InlineData("auth", "auth")]
    public async Task Spend_limit_billing_and_auth_fall_over_without_a_retry(string profile, string outcome)
    {
        var first = ModelGatewayFixture.Profiles[profile][0].Split('/')[1];
        Fake.Script(first, profile switch
        {
            "spend" => FakeReply.SpendLimit(),
            "billing" => FakeReply.Billing(),
            _ => FakeReply.Unauthorized(),
        });

        var (response, body) = await ChatAsync(profile);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([outcome, "success"], Outcomes(body));
        Assert.Equal(1, Fake.CountFor(first));
    }

    [Fact]
    public async Task A_first_transient_500_gets_one_quick_retry_on_the_same_model()
    {
        Fake.Script("transient-a", FakeReply.ServerError(), FakeReply.Ok("second try"));

        var (response, body) = await ChatAsync("transient");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oa1/transient-a", body.GetProperty("model").GetString());
        Assert.Equal(2, Fake.CountFor("transient-a"));
    }

    [Fact]
    public async Task A_second_500_falls_over_to_the_next_provider()
    {
        Fake.Script("double500-a", FakeReply.ServerError(), FakeReply.BadGateway());

        var (response, body) = await ChatAsync("double500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["server_error", "success"], Outcomes(body));
        Assert.Equal(2, Fake.CountFor("double500-a"));
        Assert.Equal("an1/double500-b", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Anthropic_overloaded_529_falls_over_without_a_retry()
    {
        Fake.Script("overloaded-a", FakeReply.Overloaded());

        var (response, body) = await ChatAsync("overloaded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["overloaded", "success"], Outcomes(body));
        Assert.Equal(529, body.GetProperty("commune").GetProperty("attempts")[0].GetProperty("status").GetInt32());
        Assert.Equal(1, Fake.CountFor("overloaded-a"));
    }

    [Fact]
    public async Task A_step_that_exceeds_its_timeout_falls_over_at_its_deadline()
    {
        Fake.Script("timeout-a", FakeReply.Delay(TimeSpan.FromSeconds(10), FakeReply.Ok()));

        var (response, body) = await ChatAsync("timeout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["timeout", "success"], Outcomes(body));
        var latency = body.GetProperty("commune").GetProperty("attempts")[0].GetProperty("latency_ms").GetDouble();
        Assert.InRange(latency, 1900, 5000);
    }

    [Fact]
    public async Task Context_length_never_retries_the_model_and_prefers_a_larger_context()
    {
        Fake.Script("context-a", FakeReply.ContextLength());

        var (response, body) = await ChatAsync("context");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oa2/context-c", body.GetProperty("model").GetString());
        Assert.Equal(["context_length", "success"], Outcomes(body));
        Assert.Equal(1, Fake.CountFor("context-a"));
        Assert.Equal(0, Fake.CountFor("context-b"));
    }

    [Fact]
    public async Task Content_policy_on_every_step_returns_the_providers_reason()
    {
        Fake.Script("policy-a", FakeReply.ContentPolicy());
        Fake.Script("policy-b", FakeReply.ContentPolicy());

        var (response, body) = await ChatAsync("policy");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("content_policy", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("content", body.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["content_policy", "content_policy"], Outcomes(body, "attempts"));
        Assert.Equal(1, Fake.CountFor("policy-a"));
    }

    [Fact]
    public async Task An_exhausted_chain_is_a_502_problem_with_every_attempt()
    {
        Fake.Script("exhausted-a", FakeReply.Billing());
        Fake.Script("exhausted-b", FakeReply.Overloaded());

        var (response, body) = await ChatAsync("exhausted");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("chain_exhausted", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(["billing", "overloaded"], Outcomes(body, "attempts"));
        Assert.Equal("exhausted", response.Headers.GetValues("x-commune-profile").Single());
    }

    [Fact]
    public async Task Extended_thinking_reaches_Anthropic_and_the_reasoning_comes_back()
    {
        Fake.Script("thinking-a", FakeReply.Ok("final").WithThinking("step by step"));

        var response = await fixture.Client.PostAsJsonAsync("/v1/chat/completions", ModelGatewayFixture.Chat("thinking", maxTokens: 20000));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = body.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("final", message.GetProperty("content").GetString());
        Assert.Equal("step by step", message.GetProperty("reasoning_content").GetString());
        var sent = Fake.RequestsFor("thinking-a").Single().Json!.Value;
        Assert.Equal("enabled", sent.GetProperty("thinking").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task A_body_that_is_not_json_is_a_415_problem(string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions");
        if (contentType is not null)
        {
            request.Content = new StringContent("hello", System.Text.Encoding.UTF8, contentType);
        }

        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task When_the_caller_goes_away_the_chain_stops_and_never_falls_over()
    {
        Fake.Script("cancel-a", FakeReply.Delay(TimeSpan.FromSeconds(10), FakeReply.Ok()));

        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fixture.Client.PostAsJsonAsync("/v1/chat/completions", ModelGatewayFixture.Chat("cancel"), gone.Token));

        // Without the cancellation, the 2 s step timeout would have sent the request on to the fallback.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, Fake.CountFor("cancel-a"));
        Assert.Equal(0, Fake.CountFor("cancel-b"));
    }

    [Theory]
    [InlineData("""{"model":"no-such-profile","messages":[{"role":"user","content":"x"}]}""", HttpStatusCode.NotFound, "model_not_found")]
    [InlineData("""{"model":"nowhere/model","messages":[{"role":"user","content":"x"}]}""", HttpStatusCode.NotFound, "model_not_found")]
    [InlineData("""{"model":"ok","messages":[]}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"robot","content":"x"}]}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user","content":"x"}],"temperature":7}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user","content":"x"}],"max_tokens":2147483647}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user","content":"x"}],"stream":"yes"}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user"}]}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("null", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":[{"role":"user","content":[{"type":"image_url"}]}]}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"model":"ok","messages":""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task Bad_requests_get_a_problem_naming_the_field_and_reach_no_provider(string json, HttpStatusCode status, string code)
    {
        var before = Fake.Requests.Count;

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await fixture.Client.PostAsync("/v1/chat/completions", content);
        var body = await Json.ReadAsync(response);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(before, Fake.Requests.Count);
    }
}
