namespace Commune.Monitoring;

/// <summary>Cluster-wide message totals since the stats grain activated, and how many were sent in the last minute.</summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.MessageVolume")]
public sealed record MessageVolume(
    [property: Id(0)] long Sent,
    [property: Id(1)] long Delivered,
    [property: Id(2)] long Refused,
    [property: Id(3)] long SentLastMinute,
    [property: Id(4)] DateTimeOffset Since);
