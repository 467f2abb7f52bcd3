using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>
/// What alerting must remember across activations: each check's last status (so a restart does not fire again what already fired) and
/// the recent alerts. Written only when an alert is raised.
/// </summary>
[GenerateSerializer, Alias("commune.monitoring.MonitorState")]
public sealed class MonitorState
{
    [Id(0)] public Dictionary<string, string> Statuses { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public List<MonitorAlert> Alerts { get; set; } = [];
}
