namespace Commune.Monitoring;

/// <summary>The names of the report's checks (and of their thresholds under <c>Monitor:Thresholds</c>, in PascalCase).</summary>
public static class MonitorChecks
{
    public const string OfflineAgents = "offline_agents";
    public const string OfflineWithTasks = "offline_with_tasks";
    public const string ExpiredLeases = "expired_leases";
    public const string StuckTasks = "stuck_tasks";
    public const string OpenBreakers = "open_breakers";
    public const string BudgetsNearLimit = "budgets_near_limit";
    public const string MessagesPerMinute = "messages_per_minute";

    public static IReadOnlyList<string> All { get; } =
        [OfflineAgents, OfflineWithTasks, ExpiredLeases, StuckTasks, OpenBreakers, BudgetsNearLimit, MessagesPerMinute];
}
