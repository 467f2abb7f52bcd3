namespace Commune.Monitoring;

/// <summary>One check: its value, the thresholds it is held to (null = none) and the status they give it.</summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.MonitorCheck")]
public sealed record MonitorCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] double Value,
    [property: Id(2)] double? Warning,
    [property: Id(3)] double? Critical,
    [property: Id(4)] string Status);
