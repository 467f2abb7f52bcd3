namespace Commune.GitHub;

/// <summary>One delivery in the ledger: <see cref="Status"/> is <c>received</c> or <c>processed</c>.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.DeliveryRecord")]
public sealed record DeliveryRecord(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Event,
    [property: Id(2)] string Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] DateTimeOffset? ProcessedAt);
