using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Models;

/// <summary>Ledgers through the HTTP API: reserve before, settle after, downgrade near the limit, refuse and escalate past it.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class BudgetTests(ModelGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<HttpResponseMessage> ChatAsync(string profile, string session, int maxTokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ModelGatewayFixture.Chat(profile, maxTokens: maxTokens, text: "abcd")),
        };
        request.Headers.Add("x-commune-session", session);
        return await Client.SendAsync(request);
    }

    private async Task SetLimitAsync(string session, long tokens, decimal? cost = null)
    {
        var response = await Client.PutAsJsonAsync($"/v1/budgets/session/{session}", new { token_limit = tokens, cost_limit_usd = cost });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_call_settles_its_reservation_to_the_actual_usage_and_price()
    {
        var session = "settle-" + Guid.NewGuid().ToString("N");
        await SetLimitAsync(session, 10_000, 100m);
        fixture.Fake.Script("budget-a", FakeReply.Ok("priced", promptTokens: 100, completionTokens: 50));

        var response = await ChatAsync("budget", session, 200);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var ledger = await Json.ReadAsync(await Client.GetAsync($"/v1/budgets/session/{session}"));
        Assert.Equal(150, ledger.GetProperty("tokens_spent").GetInt64());
        Assert.Equal(0, ledger.GetProperty("tokens_reserved").GetInt64());
        Assert.Equal(1, ledger.GetProperty("calls").GetInt64());

        // $1000 / M input and $2000 / M output: 100 × 0.001 + 50 × 0.002 = $0.2.
        Assert.Equal(0.2m, ledger.GetProperty("cost_spent_usd").GetDecimal());
        Assert.Equal("0.2", response.Headers.GetValues("x-commune-cost-usd").Single());
    }

    [Fact]
    public async Task A_call_that_would_exceed_the_budget_does_not_start_and_is_escalated()
    {
        var session = "over-" + Guid.NewGuid().ToString("N");
        await SetLimitAsync(session, 50);

        var response = await ChatAsync("over-budget", session, 100);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("budget_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains($"session:{session}", detail, StringComparison.Ordinal);
        Assert.Contains("50 tokens", detail, StringComparison.Ordinal);
        Assert.Equal(50, body.GetProperty("budget").GetProperty("token_limit").GetInt64());
        Assert.Equal(0, fixture.Fake.CountFor("over-budget-a"));

        var escalationId = body.GetProperty("escalation_id").GetString();
        var escalations = await Json.ReadAsync(await Client.GetAsync("/v1/escalations"));
        var escalation = escalations.GetProperty("escalations").EnumerateArray().Single(e => e.GetProperty("id").GetString() == escalationId);
        Assert.Equal($"session:{session}", escalation.GetProperty("ledger").GetString());
        Assert.Contains("needs human review", escalation.GetProperty("reason").GetString()!, StringComparison.Ordinal);

        // Raising the limit reopens the ledger.
        await SetLimitAsync(session, 10_000);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync("over-budget", session, 100)).StatusCode);
    }

    [Fact]
    public async Task Near_the_limit_the_chain_prefers_the_cheaper_tier()
    {
        var session = "near-" + Guid.NewGuid().ToString("N");

        // Estimate = prompt (≈5) + 100 output tokens ≈ 105 of 120: past 80 %, still within the limit.
        await SetLimitAsync(session, 120);

        var response = await ChatAsync("downgrade", session, 100);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oa1/downgrade-b", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("commune").GetProperty("downgraded").GetBoolean());
        Assert.Equal("true", response.Headers.GetValues("x-commune-budget-downgraded").Single());
        Assert.Equal(0, fixture.Fake.CountFor("downgrade-a"));
    }

    [Theory]
    [InlineData("GET", "/v1/budgets/wallet/x", null, HttpStatusCode.NotFound)]
    [InlineData("PUT", "/v1/budgets/session/x", """{"token_limit": -5}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("PUT", "/v1/budgets/session/x", "not json", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/v1/budgets/session/x", """{"cost_limit_usd": 1e40}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/v1/budgets/session/x", null, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("GET", "/v1/escalations?limit=0", null, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/v1/escalations?limit=abc", null, HttpStatusCode.BadRequest)]
    public async Task Bad_budget_requests_get_problems_saying_what_was_wrong(string method, string path, string? json, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await Client.SendAsync(request);
        var body = await Json.ReadAsync(response);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        var ledger = await Json.ReadAsync(await Client.GetAsync("/v1/budgets/session/x"));
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("token_limit").ValueKind);
    }
}
