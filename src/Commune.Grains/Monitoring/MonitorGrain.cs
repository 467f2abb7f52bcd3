using Commune.Agents;
using Commune.Grains.Tasks;
using Commune.Models;
using Commune.Monitoring;
using Commune.Providers.Clients;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.Monitoring;

/// <summary>
/// Computes the health report every <see cref="MonitorOptions.Interval"/> from what the cluster already keeps (directory shards, task
/// shards, breakers, the budget watch, message totals) — no model call anywhere — and raises edge-triggered alerts: logged, kept, and
/// queued for the webhook without waiting on it. It only awaits grains that never call it back. A reminder brings it back after its
/// silo is lost; the timer does the work.
/// </summary>
[Reentrant, KeepAlive]
public sealed partial class MonitorGrain(
    [PersistentState("monitor", StorageNames.Default)] IPersistentState<MonitorState> state,
    IOptions<MonitorOptions> options,
    IOptions<TaskOptions> taskOptions,
    ProviderRegistry providers,
    AlertOutbox outbox,
    TimeProvider time,
    ILogger<MonitorGrain> logger) : Grain, IMonitorGrain, IRemindable
{
    private const string Reminder = "monitor";
    private MonitorReport? _latest;
    private Task<MonitorReport>? _computing;

    private MonitorOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.Interval) { Interleave = true });
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public async Task<MonitorReport> GetReportAsync() => _latest ?? await ComputeAsync();

    public Task<IReadOnlyList<MonitorAlert>> AlertsAsync(int limit)
    {
        IReadOnlyList<MonitorAlert> newest = [.. state.State.Alerts.AsEnumerable().Reverse().Take(Math.Max(limit, 1))];
        return Task.FromResult(newest);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await ComputeAsync();
            await AlertAsync(report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogComputeFailed(logger, ex);
        }
    }

    /// <summary>One computation at a time; callers arriving meanwhile share it.</summary>
    private Task<MonitorReport> ComputeAsync()
    {
        if (_computing is { IsCompleted: false } running)
        {
            return running;
        }

        _computing = ReadAsync();
        return _computing;
    }

    private async Task<MonitorReport> ReadAsync()
    {
        var now = time.GetUtcNow();
        var o = Options;
        var board = GrainFactory.GetGrain<IAgentBoardGrain>(0);
        var stats = board.StatsAsync();
        var offline = board.QueryAsync(new AgentQuery(null, AgentStatus.Offline, null, null, int.MaxValue));
        var shards = Task.WhenAll(Enumerable.Range(0, taskOptions.Value.QueueShards)
            .Select(i => GrainFactory.GetGrain<ITaskQueueGrain>(i).HealthAsync(now, o.StuckAfter, o.MaxListed)));
        var breakers = Task.WhenAll(providers.Names.Select(name => GrainFactory.GetGrain<IProviderHealthGrain>(name).GetAsync()));
        var budgets = GrainFactory.GetGrain<IBudgetWatchGrain>(IBudgetWatchGrain.Key).ListAsync();
        var messages = GrainFactory.GetGrain<IMessageStatsGrain>(IMessageStatsGrain.Key).GetAsync();
        await Task.WhenAll(stats, offline, shards, breakers, budgets, messages);

        var tasks = (await shards).Aggregate(TaskHealth.Empty, (sum, shard) => sum.Add(shard, o.MaxListed));
        var report = MonitorReportBuilder.Build(now, await stats, await offline, tasks, await breakers, await budgets, await messages, o);
        _latest = report;
        return report;
    }

    private async Task AlertAsync(MonitorReport report)
    {
        var alerts = AlertEdges.Between(state.State.Statuses, report.Checks, report.GeneratedAt);
        if (alerts.Count == 0)
        {
            return;
        }

        foreach (var alert in alerts)
        {
            state.State.Statuses[alert.Check] = alert.Status;
            if (alert.State == AlertStates.Firing)
            {
                LogFiring(logger, alert.Check, alert.Status, alert.Message);
            }
            else
            {
                LogResolved(logger, alert.Check, alert.Message);
            }

            if (Options.AlertWebhook is not null)
            {
                outbox.Queue(alert);
            }
        }

        var kept = state.State.Alerts;
        kept.AddRange(alerts);
        if (kept.Count > Options.AlertHistory)
        {
            kept.RemoveRange(0, kept.Count - Options.AlertHistory);
        }

        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitor alert: {Check} is {Status}: {Message}")]
    private static partial void LogFiring(ILogger logger, string check, string status, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor alert resolved: {Check}: {Message}")]
    private static partial void LogResolved(ILogger logger, string check, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The monitor could not compute its report; trying again next interval")]
    private static partial void LogComputeFailed(ILogger logger, Exception exception);
}
