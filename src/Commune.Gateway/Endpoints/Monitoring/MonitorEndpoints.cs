using System.Globalization;
using Commune.Monitoring;

namespace Commune.Gateway.Endpoints.Monitoring;

/// <summary><c>GET /v1/monitor</c> and <c>/v1/monitor/alerts</c>: the deterministic health report and the alerts it raised.</summary>
public static class MonitorEndpoints
{
    public static RouteGroupBuilder MapMonitorEndpoints(this RouteGroupBuilder v1)
    {
        var monitor = v1.MapGroup("/monitor").WithTags("Monitoring");
        monitor.MapGet("", GetReportAsync).WithName("GetMonitorReport")
            .WithSummary("The health report (no model calls): offline agents, expired leases, stuck tasks, open breakers, budgets near limits, message volume, working vs idle time.");
        monitor.MapGet("/alerts", GetAlertsAsync).WithName("ListMonitorAlerts")
            .WithSummary("Alerts raised when a check crossed a threshold or came back, newest first.");
        return v1;
    }

    private static Task<MonitorReport> GetReportAsync(IGrainFactory grains) => grains.GetGrain<IMonitorGrain>(IMonitorGrain.Key).GetReportAsync();

    private static async Task<IResult> GetAlertsAsync(IGrainFactory grains, string? limit)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 10_000))
        {
            return Results.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be a whole number between 1 and 10000, not '{limit}'.");
        }

        return Results.Ok(new { alerts = await grains.GetGrain<IMonitorGrain>(IMonitorGrain.Key).AlertsAsync(count) });
    }
}
