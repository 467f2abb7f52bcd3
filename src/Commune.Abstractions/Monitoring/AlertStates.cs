namespace Commune.Monitoring;

/// <summary><see cref="MonitorAlert.State"/> values.</summary>
public static class AlertStates
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
}
