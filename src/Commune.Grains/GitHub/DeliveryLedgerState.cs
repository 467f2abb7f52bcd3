using Commune.GitHub;

namespace Commune.Grains.GitHub;

/// <summary>A delivery-ledger shard's deliveries, oldest first.</summary>
[GenerateSerializer, Alias("commune.github.DeliveryLedgerState")]
public sealed class DeliveryLedgerState
{
    [Id(0)] public List<DeliveryRecord> Deliveries { get; set; } = [];
}
