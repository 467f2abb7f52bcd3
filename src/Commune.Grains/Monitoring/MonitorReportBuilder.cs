using Commune.Agents;
using Commune.Models;
using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>Turns what the monitor read into the report: a pure function, so the same state always gives the same report.</summary>
public static class MonitorReportBuilder
{
    public static MonitorReport Build(
        DateTimeOffset now,
        AgentDirectoryStats stats,
        IReadOnlyList<AgentEntry> offline,
        TaskHealth tasks,
        IEnumerable<BreakerSnapshot> breakers,
        IReadOnlyList<BudgetWatchEntry> budgets,
        MessageVolume messages,
        MonitorOptions options)
    {
        var max = options.MaxListed;
        var missing = offline.Where(e => !e.Ended).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        var agents = new AgentHealth(
            stats.Total,
            stats.Idle,
            stats.Working,
            missing.Count,
            offline.Count(e => e.Ended),
            stats.ByRole.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            [.. missing.Take(max)],
            [.. stats.OfflineWithTasks.Order(StringComparer.Ordinal).Take(max)],
            Math.Round(stats.WorkingTime.TotalSeconds, 3),
            Math.Round(stats.IdleTime.TotalSeconds, 3));

        var open = breakers
            .Where(b => b.State != BreakerState.Closed)
            .OrderBy(b => b.Provider, StringComparer.Ordinal)
            .Select(b => new OpenBreaker(b.Provider, b.State, b.OpenUntil, b.ConsecutiveFailures, b.LastFailure, b.LastFailureAt))
            .ToList();

        var values = new Dictionary<string, double>
        {
            [MonitorChecks.OfflineAgents] = missing.Count,
            [MonitorChecks.OfflineWithTasks] = stats.OfflineWithTasks.Count,
            [MonitorChecks.ExpiredLeases] = tasks.ExpiredLeases,
            [MonitorChecks.StuckTasks] = tasks.Stuck,
            [MonitorChecks.OpenBreakers] = open.Count,
            [MonitorChecks.BudgetsNearLimit] = budgets.Count,
            [MonitorChecks.MessagesPerMinute] = messages.SentLastMinute,
        };
        var checks = MonitorChecks.All.Select(name =>
        {
            var threshold = options.Thresholds.For(name);
            var value = values[name];
            return new MonitorCheck(name, value, threshold.Warning, threshold.Critical, MonitorStatus.Of(value, threshold.Warning, threshold.Critical));
        }).ToList();
        var status = checks.MaxBy(c => MonitorStatus.Severity(c.Status))?.Status ?? MonitorStatus.Ok;

        return new MonitorReport(status, now, checks, agents, tasks, open, [.. budgets.Take(max)], messages);
    }
}
