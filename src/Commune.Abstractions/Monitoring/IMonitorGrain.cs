namespace Commune.Monitoring;

/// <summary>
/// The cluster's deterministic health report (key <see cref="Key"/>): computed every <c>Monitor:Interval</c> from grain state alone, with no
/// model call, and the alerts raised when a check crosses its threshold.
/// </summary>
[Alias("commune.monitoring.IMonitorGrain")]
public interface IMonitorGrain : IGrainWithStringKey
{
    /// <summary>The one monitor's key.</summary>
    const string Key = "cluster";

    /// <summary>The latest report (computed now if none has been yet).</summary>
    Task<MonitorReport> GetReportAsync();

    /// <summary>The most recent alerts, newest first.</summary>
    Task<IReadOnlyList<MonitorAlert>> AlertsAsync(int limit);
}
