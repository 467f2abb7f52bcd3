using System.Globalization;
using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>
/// Edge-triggered alerting: a check raises an alert only when its status changes (ok → warning fires, warning → critical fires again,
/// anything → ok resolves), never while it stays where it is. A pure function of the previous statuses and the new checks.
/// </summary>
public static class AlertEdges
{
    public static IReadOnlyList<MonitorAlert> Between(IReadOnlyDictionary<string, string> previous, IEnumerable<MonitorCheck> checks, DateTimeOffset at)
    {
        var alerts = new List<MonitorAlert>();
        foreach (var check in checks)
        {
            var before = previous.GetValueOrDefault(check.Name, MonitorStatus.Ok);
            if (before == check.Status)
            {
                continue;
            }

            var resolved = check.Status == MonitorStatus.Ok;
            var threshold = check.Status == MonitorStatus.Critical ? check.Critical : check.Warning;
            var value = check.Value.ToString("0.##", CultureInfo.InvariantCulture);
            var message = resolved
                ? $"{check.Name} is ok again ({value}; was {before})"
                : $"{check.Name} is {check.Status}: {value} (threshold {threshold?.ToString("0.##", CultureInfo.InvariantCulture)}; was {before})";
            alerts.Add(new MonitorAlert(
                "alert_" + Guid.CreateVersion7(at).ToString("N"), check.Name, resolved ? AlertStates.Resolved : AlertStates.Firing,
                check.Status, before, check.Value, threshold, message, at));
        }

        return alerts;
    }
}
