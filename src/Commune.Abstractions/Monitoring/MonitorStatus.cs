namespace Commune.Monitoring;

/// <summary>Check and report statuses, as the API shows them, in increasing severity.</summary>
public static class MonitorStatus
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Critical = "critical";

    /// <summary>0 for ok, 1 for warning, 2 for critical (the Prometheus gauges' values).</summary>
    public static int Severity(string status) => status switch
    {
        Critical => 2,
        Warning => 1,
        _ => 0,
    };

    /// <summary>The status of <paramref name="value"/> held to the thresholds; a value at a threshold has crossed it.</summary>
    public static string Of(double value, double? warning, double? critical) =>
        critical is { } c && value >= c ? Critical
        : warning is { } w && value >= w ? Warning
        : Ok;
}
