using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary><c>Monitor:Thresholds:&lt;Check&gt;:Warning|Critical</c>, one per check of the report.</summary>
public sealed class MonitorThresholds
{
    /// <summary>Agents offline without having ended (missed heartbeats or said so).</summary>
    public MonitorThreshold OfflineAgents { get; set; } = new() { Warning = 1 };

    /// <summary>Offline agents still holding tasks: their leases run until they expire.</summary>
    public MonitorThreshold OfflineWithTasks { get; set; } = new() { Warning = 1 };

    /// <summary>Held tasks past their lease end that no sweep has returned yet.</summary>
    public MonitorThreshold ExpiredLeases { get; set; } = new() { Warning = 1, Critical = 10 };

    /// <summary>Held tasks with no update (progress, renewal, heartbeat) for <c>Monitor:StuckAfter</c>.</summary>
    public MonitorThreshold StuckTasks { get; set; } = new() { Warning = 1 };

    /// <summary>Providers whose breaker is open or half-open.</summary>
    public MonitorThreshold OpenBreakers { get; set; } = new() { Warning = 1 };

    /// <summary>Ledgers at or above <c>Monitor:BudgetWarnRatio</c> of a limit.</summary>
    public MonitorThreshold BudgetsNearLimit { get; set; } = new() { Warning = 1 };

    /// <summary>Messages sent in the last minute across the cluster; no threshold by default (volume depends on the fleet).</summary>
    public MonitorThreshold MessagesPerMinute { get; set; } = new();

    /// <summary>The thresholds of a check by its report name.</summary>
    public MonitorThreshold For(string check) => check switch
    {
        MonitorChecks.OfflineAgents => OfflineAgents,
        MonitorChecks.OfflineWithTasks => OfflineWithTasks,
        MonitorChecks.ExpiredLeases => ExpiredLeases,
        MonitorChecks.StuckTasks => StuckTasks,
        MonitorChecks.OpenBreakers => OpenBreakers,
        MonitorChecks.BudgetsNearLimit => BudgetsNearLimit,
        MonitorChecks.MessagesPerMinute => MessagesPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, "Unknown monitor check."),
    };

    /// <summary>Each check with its configuration key (<c>Monitor:Thresholds:OfflineAgents</c>).</summary>
    public IEnumerable<(string Key, MonitorThreshold Threshold)> Named() =>
    [
        (nameof(OfflineAgents), OfflineAgents), (nameof(OfflineWithTasks), OfflineWithTasks), (nameof(ExpiredLeases), ExpiredLeases),
        (nameof(StuckTasks), StuckTasks), (nameof(OpenBreakers), OpenBreakers), (nameof(BudgetsNearLimit), BudgetsNearLimit),
        (nameof(MessagesPerMinute), MessagesPerMinute),
    ];
}
