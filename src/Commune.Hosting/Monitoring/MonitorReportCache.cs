using Commune.Grains.Monitoring;
using Commune.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Hosting.Monitoring;

/// <summary>
/// A gateway's copy of the monitor's latest report, refreshed every <c>Monitor:Interval</c>. The Prometheus gauges read this copy, so a
/// scrape never waits on a grain call (a clustered gateway hosts no grains). Refreshing also keeps the monitor grain active.
/// </summary>
public sealed partial class MonitorReportCache(IGrainFactory grains, IOptions<MonitorOptions> options, ILogger<MonitorReportCache> logger)
    : BackgroundService
{
    private volatile MonitorReport? _latest;

    /// <summary>The latest report, or null before the first refresh answered.</summary>
    public MonitorReport? Latest => _latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        var failing = false;
        do
        {
            try
            {
                _latest = await grains.GetGrain<IMonitorGrain>(IMonitorGrain.Key).GetReportAsync().WaitAsync(stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Before the cluster answers, or while the monitor moves: keep the last copy and try again next tick.
                if (!failing)
                {
                    LogRefreshFailed(ex.Message);
                    failing = true;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Monitor report refresh failed, keeping the cached report: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
