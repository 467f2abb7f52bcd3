using System.Diagnostics.Metrics;

namespace Commune.Grains.Messages;

/// <summary>Message volume as OpenTelemetry counters (meter <c>Commune.Messages</c>), tagged by type and route or by refusal code.</summary>
public static class MessageMetrics
{
    public const string MeterName = "Commune.Messages";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("commune.messages.sent", "{message}", "Messages accepted, by type and route");

    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("commune.messages.delivered", "{message}", "Inbox deliveries (a broadcast counts once per recipient)");

    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("commune.messages.refused", "{message}", "Messages refused, by rule");
}
