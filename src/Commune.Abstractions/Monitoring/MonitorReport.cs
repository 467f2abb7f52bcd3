namespace Commune.Monitoring;

/// <summary>
/// <c>GET /v1/monitor</c>: the overall status (the worst check's), every check against its thresholds, and what the checks counted.
/// The same cluster state always gives the same report.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.MonitorReport")]
public sealed record MonitorReport(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset GeneratedAt,
    [property: Id(2)] IReadOnlyList<MonitorCheck> Checks,
    [property: Id(3)] AgentHealth Agents,
    [property: Id(4)] TaskHealth Tasks,
    [property: Id(5)] IReadOnlyList<OpenBreaker> OpenBreakers,
    [property: Id(6)] IReadOnlyList<BudgetWatchEntry> BudgetsNearLimit,
    [property: Id(7)] MessageVolume Messages);
