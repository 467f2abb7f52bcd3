namespace Commune.Grains.Monitoring;

/// <summary>A check's thresholds: at or above <see cref="Warning"/> it warns, at or above <see cref="Critical"/> it is critical; null = never.</summary>
public sealed class MonitorThreshold
{
    public double? Warning { get; set; }

    public double? Critical { get; set; }
}
