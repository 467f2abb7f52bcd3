namespace Commune.GitHub;

/// <summary>
/// One shard of the webhook delivery ledger (key: shard number, chosen by a hash of <c>X-GitHub-Delivery</c>): each delivery is
/// <c>received</c> until every session it targets applied it, then <c>processed</c>. Entries are kept for a bounded time and number.
/// </summary>
[Alias("commune.github.IGitHubDeliveryGrain")]
public interface IGitHubDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Notes a delivery; <see cref="DeliveryReceipt.Duplicate"/> when it was already processed (do nothing).</summary>
    Task<DeliveryReceipt> ReceiveAsync(string deliveryId, string eventName);

    /// <summary>Every target applied the delivery: a redelivery is now a duplicate.</summary>
    Task MarkProcessedAsync(string deliveryId);

    /// <summary>The delivery, or null when unknown (never received, or past retention).</summary>
    Task<DeliveryRecord?> GetAsync(string deliveryId);
}
