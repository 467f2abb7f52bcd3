using System.Diagnostics.Metrics;
using Commune.Monitoring;

namespace Commune.Hosting.Monitoring;

/// <summary>
/// The monitor's report as OpenTelemetry observable gauges (meter <c>Commune.Monitor</c>), read from a gateway's
/// <see cref="MonitorReportCache"/> at collection time. Status gauges are 0 ok, 1 warning, 2 critical.
/// </summary>
public sealed class MonitorMetrics : IDisposable
{
    public const string MeterName = "Commune.Monitor";

    private readonly Meter _meter = new(MeterName);
    private readonly MonitorReportCache _cache;

    public MonitorMetrics(MonitorReportCache cache)
    {
        _cache = cache;
        _meter.CreateObservableGauge("commune.monitor.status", () => One(r => MonitorStatus.Severity(r.Status)), "{status}", "Overall status: 0 ok, 1 warning, 2 critical");
        _meter.CreateObservableGauge("commune.monitor.check.status", CheckStatuses, "{status}", "Each check's status: 0 ok, 1 warning, 2 critical");
        _meter.CreateObservableGauge("commune.monitor.check.value", CheckValues, "{value}", "Each check's value");
        _meter.CreateObservableGauge("commune.monitor.agents", Agents, "{agent}", "Agents by status (offline excludes ended agents)");
        _meter.CreateObservableGauge("commune.monitor.offline_agents_holding_tasks", () => One(r => r.Agents.OfflineWithTasks.Count), "{agent}", "Offline agents still holding tasks");
        _meter.CreateObservableGauge("commune.monitor.tasks", Tasks, "{task}", "Tasks by status");
        _meter.CreateObservableGauge("commune.monitor.expired_leases", () => One(r => r.Tasks.ExpiredLeases), "{task}", "Held tasks past their lease end, not yet returned");
        _meter.CreateObservableGauge("commune.monitor.stuck_tasks", () => One(r => r.Tasks.Stuck), "{task}", "Held tasks with no update for Monitor:StuckAfter");
        _meter.CreateObservableGauge("commune.monitor.open_breakers", () => One(r => r.OpenBreakers.Count), "{provider}", "Providers whose breaker is open or half-open");
        _meter.CreateObservableGauge("commune.monitor.budgets_near_limit", () => One(r => r.BudgetsNearLimit.Count), "{ledger}", "Ledgers at or above Monitor:BudgetWarnRatio of a limit");
        _meter.CreateObservableGauge("commune.monitor.messages_per_minute", () => One(r => r.Messages.SentLastMinute), "{message}", "Messages sent in the last minute, cluster-wide");
        _meter.CreateObservableGauge("commune.monitor.agent.working_time", () => One(r => r.Agents.WorkingSeconds), "s", "Time all agents spent working");
        _meter.CreateObservableGauge("commune.monitor.agent.idle_time", () => One(r => r.Agents.IdleSeconds), "s", "Time all agents spent idle (waiting)");
        _meter.CreateObservableGauge("commune.monitor.report.age", ReportAge, "s", "Age of the report the gauges show");
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> One(Func<MonitorReport, double> value) =>
        _cache.Latest is { } report ? [new Measurement<double>(value(report))] : [];

    private IEnumerable<Measurement<double>> ReportAge() =>
        _cache.Latest is { } report ? [new Measurement<double>(Math.Max(0, (DateTimeOffset.UtcNow - report.GeneratedAt).TotalSeconds))] : [];

    private IEnumerable<Measurement<int>> CheckStatuses() =>
        _cache.Latest?.Checks.Select(c => new Measurement<int>(MonitorStatus.Severity(c.Status), Tag("check", c.Name))) ?? [];

    private IEnumerable<Measurement<double>> CheckValues() =>
        _cache.Latest?.Checks.Select(c => new Measurement<double>(c.Value, Tag("check", c.Name))) ?? [];

    private IEnumerable<Measurement<int>> Agents()
    {
        if (_cache.Latest is not { Agents: var a })
        {
            return [];
        }

        return
        [
            new(a.Idle, Tag("status", "idle")), new(a.Working, Tag("status", "working")),
            new(a.Offline, Tag("status", "offline")), new(a.Ended, Tag("status", "ended")),
        ];
    }

    private IEnumerable<Measurement<int>> Tasks() =>
        _cache.Latest?.Tasks.ByStatus.Select(kv => new Measurement<int>(kv.Value, Tag("status", kv.Key))) ?? [];

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
