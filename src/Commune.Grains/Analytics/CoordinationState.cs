using Commune.Analytics;
using Commune.Monitoring;

namespace Commune.Grains.Analytics;

/// <summary>A team's members, its recorded steps (ascending, sparse: empty steps are not kept), report history and alert state.</summary>
[GenerateSerializer, Alias("commune.analytics.CoordinationState")]
public sealed class CoordinationState
{
    [Id(0)] public List<string> Members { get; set; } = [];

    [Id(1)] public List<TeamStep> Steps { get; set; } = [];

    [Id(2)] public List<CoordinationPoint> History { get; set; } = [];

    /// <summary>Consecutive periodic reports with low synergy and low performance.</summary>
    [Id(3)] public int LowReports { get; set; }

    [Id(4)] public bool Alerting { get; set; }

    [Id(5)] public List<MonitorAlert> Alerts { get; set; } = [];

    [Id(6)] public DateTimeOffset? LastObservedAt { get; set; }
}
