using System.Diagnostics.Metrics;

namespace Commune.Grains.Events;

/// <summary>The audit trail's health: entries recorded, written and dropped (an alert on drops says the trail has gaps).</summary>
public static class EventMetrics
{
    public const string MeterName = "Commune.Events";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Entries grains handed to the recorder.</summary>
    public static readonly Counter<long> Recorded = Meter.CreateCounter<long>("commune.events.recorded", description: "Audit entries recorded");

    /// <summary>Entries the store accepted.</summary>
    public static readonly Counter<long> Written = Meter.CreateCounter<long>("commune.events.written", description: "Audit entries stored");

    /// <summary>Entries lost, tagged reason: <c>buffer_full</c>, <c>rejected</c> (the store refused the entry itself) or <c>shutdown</c>.</summary>
    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("commune.events.dropped", description: "Audit entries lost");
}
