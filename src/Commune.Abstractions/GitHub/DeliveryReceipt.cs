namespace Commune.GitHub;

/// <summary>What the delivery ledger said: a duplicate of a processed delivery, or the how-many-th time it is received.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.DeliveryReceipt")]
public sealed record DeliveryReceipt([property: Id(0)] bool Duplicate, [property: Id(1)] int Attempts);
