namespace Commune.Monitoring;

/// <summary>Messages sent, inbox deliveries and refusals: a silo's increments since its last flush.</summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.MessageCounts")]
public sealed record MessageCounts(
    [property: Id(0)] long Sent,
    [property: Id(1)] long Delivered,
    [property: Id(2)] long Refused)
{
    public bool IsEmpty => Sent == 0 && Delivered == 0 && Refused == 0;
}
