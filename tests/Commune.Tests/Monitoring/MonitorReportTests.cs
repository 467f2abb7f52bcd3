using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Monitoring;

/// <summary>What <c>GET /v1/monitor</c> and <c>/metrics</c> show for states provoked over HTTP, and that monitoring calls no model.</summary>
public sealed class MonitorReportTests(MonitorGatewayFixture fixture) : IClassFixture<MonitorGatewayFixture>
{
    private HttpClient Client => fixture.Gateway.Client;

    private MonitorApi Monitor => fixture.Monitor;

    private async Task<HttpResponseMessage> ChatAsync(string profile, string? session = null, int maxTokens = 16)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = profile, messages = new[] { new { role = "user", content = "hi" } }, max_tokens = maxTokens }),
        };
        if (session is not null)
        {
            request.Headers.Add("x-commune-session", session);
        }

        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task A_claimed_task_with_no_update_for_StuckAfter_is_listed_as_stuck()
    {
        var id = TaskApi.NewPrefix("stuck");
        await fixture.Tasks.CreateAsync(new { id, title = "nobody works on this" });
        await fixture.Tasks.ClaimOkAsync(id, "silent-agent", leaseSeconds: 600);

        var report = await Monitor.WaitForAsync(
            r => MonitorApi.Strings(r.GetProperty("tasks").GetProperty("stuck_ids")).Contains(id), $"{id} stuck");
        Assert.True(report.GetProperty("tasks").GetProperty("stuck").GetInt32() >= 1);
        Assert.Equal("warning", MonitorApi.CheckStatus(report, "stuck_tasks"));
        Assert.True(report.GetProperty("tasks").GetProperty("by_status").GetProperty("claimed").GetInt32() >= 1);
        Assert.DoesNotContain(id, MonitorApi.Strings(report.GetProperty("tasks").GetProperty("expired_lease_ids")));
    }

    [Fact]
    public async Task A_tripped_breaker_is_listed_with_its_open_until_and_watching_it_calls_no_model()
    {
        // Each call: mp1 answers 500 twice (first try and its retry) — one failure — then mp2 answers. Two failures open mp1 (threshold 2).
        fixture.Fake.Script("mon-fail", Enumerable.Range(0, 4).Select(_ => FakeReply.ServerError()).ToArray());
        for (var i = 0; i < 2; i++)
        {
            var response = await ChatAsync("mon-breaker");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var report = await Monitor.WaitForAsync(
            r => r.GetProperty("open_breakers").EnumerateArray().Any(b => b.GetProperty("provider").GetString() == "mp1"), "mp1's breaker open");
        var breaker = report.GetProperty("open_breakers").EnumerateArray().Single(b => b.GetProperty("provider").GetString() == "mp1");
        Assert.Equal("open", breaker.GetProperty("state").GetString());
        Assert.True(breaker.GetProperty("open_until").GetDateTimeOffset() > DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5));
        Assert.Equal("warning", MonitorApi.CheckStatus(report, "open_breakers"));

        // Several computations later (breakers, budgets, agents, tasks all read): not one request more reached a provider.
        var calls = fixture.Fake.Requests.Count;
        await Monitor.WaitForReportAfterAsync(MonitorApi.GeneratedAt(report) + TimeSpan.FromSeconds(2));
        Assert.Equal(calls, fixture.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_ledger_past_the_warn_ratio_is_listed_as_near_its_limit()
    {
        var session = "near-" + Guid.NewGuid().ToString("N");
        var limit = await Client.PutAsJsonAsync($"/v1/budgets/session/{session}", new { token_limit = 200 });
        Assert.Equal(HttpStatusCode.OK, limit.StatusCode);
        fixture.Fake.Script("mon-budget", FakeReply.Ok("spent", promptTokens: 100, completionTokens: 70));
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync("mon-budget", session)).StatusCode);

        var ledger = "session:" + session;
        var report = await Monitor.WaitForAsync(
            r => r.GetProperty("budgets_near_limit").EnumerateArray().Any(b => b.GetProperty("ledger").GetString() == ledger), $"{ledger} near its limit");
        var entry = report.GetProperty("budgets_near_limit").EnumerateArray().Single(b => b.GetProperty("ledger").GetString() == ledger);
        Assert.Equal(0.85, entry.GetProperty("ratio").GetDouble());
        Assert.Equal(170, entry.GetProperty("tokens_spent").GetInt64());
        Assert.Equal("warning", MonitorApi.CheckStatus(report, "budgets_near_limit"));

        // Raising the limit takes it off the list.
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/v1/budgets/session/{session}", new { token_limit = 10_000 })).StatusCode);
        await Monitor.WaitForAsync(
            r => !r.GetProperty("budgets_near_limit").EnumerateArray().Any(b => b.GetProperty("ledger").GetString() == ledger), $"{ledger} no longer near");
    }

    [Fact]
    public async Task Messages_between_two_agents_raise_the_cluster_message_volume()
    {
        var from = "talker-" + Guid.NewGuid().ToString("N")[..8];
        var to = "listener-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { from, to })
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/v1/agents", new { name, role = "worker" })).StatusCode);
        }

        var before = (await Monitor.ReportAsync()).GetProperty("messages").GetProperty("sent").GetInt64();
        for (var i = 0; i < 3; i++)
        {
            var sent = await Client.PostAsJsonAsync("/v1/messages", new { from, type = "direct", to_agent = to, payload = new { n = i } });
            Assert.True(sent.IsSuccessStatusCode, $"send: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");
        }

        var report = await Monitor.WaitForAsync(r => r.GetProperty("messages").GetProperty("sent").GetInt64() >= before + 3, "three more messages sent");
        var messages = report.GetProperty("messages");
        Assert.True(messages.GetProperty("delivered").GetInt64() >= 3);
        Assert.True(messages.GetProperty("sent_last_minute").GetInt64() >= 3);
        var check = MonitorApi.Check(report, "messages_per_minute");
        Assert.True(check.GetProperty("value").GetDouble() >= 3);
        Assert.Equal(1000, check.GetProperty("warning").GetDouble());
        Assert.Equal("ok", check.GetProperty("status").GetString());

        foreach (var name in new[] { from, to })
        {
            await Client.PostAsJsonAsync($"/v1/agents/{name}/end", new { reason = "test over" });
        }
    }

    [Fact]
    public async Task Metrics_serves_the_monitor_gauges_in_prometheus_text()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await Client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("commune_monitor_status", StringComparison.Ordinal) && text.Contains("commune_monitor_stuck_tasks", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        foreach (var name in new[]
        {
            "commune_monitor_status", "commune_monitor_check_status", "commune_monitor_agents", "commune_monitor_expired_leases",
            "commune_monitor_stuck_tasks", "commune_monitor_open_breakers", "commune_monitor_budgets_near_limit",
            "commune_monitor_messages_per_minute", "commune_monitor_agent_working_time_seconds", "commune_monitor_agent_idle_time_seconds",
        })
        {
            Assert.True(text.Contains(name, StringComparison.Ordinal), $"/metrics has no {name}:\n{text}");
        }

        Assert.Contains("# TYPE commune_monitor_status gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_has_a_status_and_every_check_with_its_thresholds()
    {
        var report = await Monitor.ReportAsync();
        Assert.Contains(report.GetProperty("status").GetString(), new[] { "ok", "warning", "critical" });
        var names = report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            ["offline_agents", "offline_with_tasks", "expired_leases", "stuck_tasks", "open_breakers", "budgets_near_limit", "messages_per_minute"],
            names);
        var offline = MonitorApi.Check(report, "offline_agents");
        Assert.Equal(1, offline.GetProperty("warning").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, offline.GetProperty("critical").ValueKind);
        Assert.True(report.TryGetProperty("generated_at", out _));
        Assert.True(report.GetProperty("agents").TryGetProperty("idle_ratio", out _));
    }

    [Fact]
    public async Task Alerts_limit_must_be_a_whole_number_in_range()
    {
        await TaskApi.ProblemAsync(await Client.GetAsync("/v1/monitor/alerts?limit=zero"), HttpStatusCode.BadRequest);
        var alerts = await Json.ReadAsync(await Client.GetAsync("/v1/monitor/alerts"));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, alerts.GetProperty("alerts").ValueKind);
    }

    [Fact]
    public async Task An_invalid_monitor_setting_stops_the_gateway_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.BuildAsync(new Dictionary<string, string?>
        {
            ["Monitor:BudgetWarnRatio"] = "1.5",
        }));
        Assert.Contains("Monitor:BudgetWarnRatio", error.Message, StringComparison.Ordinal);
    }
}
