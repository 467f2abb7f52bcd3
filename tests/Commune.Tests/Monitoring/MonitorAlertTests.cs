using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Monitoring;

/// <summary>
/// Alerts end to end on a dedicated gateway (so no other test's agents go offline here): an agent that stops heartbeating fires one
/// offline alert at the webhook, and the same agent heartbeating again resolves it.
/// </summary>
public sealed class MonitorAlertTests : IAsyncLifetime
{
    private WebhookReceiver _webhook = null!;
    private GatewayHost _gateway = null!;
    private MonitorApi _monitor = null!;

    public async ValueTask InitializeAsync()
    {
        _webhook = await WebhookReceiver.StartAsync();
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Fleet:HeartbeatInterval"] = "00:00:01",
            ["Fleet:MissedHeartbeats"] = "2",
            ["Fleet:SweepInterval"] = "00:00:00.200",
            ["Monitor:Interval"] = "00:00:00.500",
            ["Monitor:AlertWebhook"] = _webhook.Url.ToString(),
            ["Monitor:Thresholds:OfflineAgents:Warning"] = "1",
            ["Monitor:Thresholds:OfflineAgents:Critical"] = "5",
        });
        _monitor = new MonitorApi(_gateway.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    private static bool IsOfflineAlert(JsonElement alert, string state) =>
        alert.GetProperty("check").GetString() == "offline_agents" && alert.GetProperty("state").GetString() == state;

    [Fact]
    public async Task An_agent_that_stops_heartbeating_fires_one_offline_alert_and_heartbeating_again_resolves_it()
    {
        var register = await _gateway.Client.PostAsJsonAsync("/v1/agents", new { name = "quiet-worker", role = "worker" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        // Two missed one-second heartbeats later the directory marks it offline; the next computation fires.
        var firing = await _webhook.WaitForAsync(a => IsOfflineAlert(a, "firing"), TimeSpan.FromSeconds(20), "offline_agents firing alert");
        Assert.Equal("warning", firing.GetProperty("status").GetString());
        Assert.Equal("ok", firing.GetProperty("previous_status").GetString());
        Assert.Equal(1, firing.GetProperty("value").GetDouble());
        Assert.Equal(1, firing.GetProperty("threshold").GetDouble());

        var report = await _monitor.WaitForAsync(
            r => MonitorApi.Strings(r.GetProperty("agents").GetProperty("offline_ids")).Contains("quiet-worker"), "quiet-worker offline");
        Assert.Equal("warning", report.GetProperty("status").GetString());
        Assert.Equal("warning", MonitorApi.CheckStatus(report, "offline_agents"));
        Assert.Equal(1, report.GetProperty("agents").GetProperty("offline").GetInt32());

        // Several more computations see the same state: still only one alert (edge-triggered, not level-triggered).
        await _monitor.WaitForReportAfterAsync(firing.GetProperty("at").GetDateTimeOffset() + TimeSpan.FromSeconds(2));
        Assert.Single(_webhook.Received, a => IsOfflineAlert(a, "firing"));

        var beat = await _gateway.Client.PostAsync("/v1/agents/quiet-worker/heartbeat", null);
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        var resolved = await _webhook.WaitForAsync(a => IsOfflineAlert(a, "resolved"), TimeSpan.FromSeconds(20), "offline_agents resolved alert");
        Assert.Equal("ok", resolved.GetProperty("status").GetString());
        Assert.Equal("warning", resolved.GetProperty("previous_status").GetString());

        // Everything before the resolution: exactly one firing alert for the check.
        var untilResolved = _webhook.Received.TakeWhile(a => !IsOfflineAlert(a, "resolved"));
        Assert.Single(untilResolved, a => IsOfflineAlert(a, "firing"));

        var alerts = await Json.ReadAsync(await _gateway.Client.GetAsync("/v1/monitor/alerts?limit=50"));
        var listed = alerts.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Contains(listed, a => a.GetProperty("id").GetString() == firing.GetProperty("id").GetString());
        Assert.Contains(listed, a => a.GetProperty("id").GetString() == resolved.GetProperty("id").GetString());
    }
}
