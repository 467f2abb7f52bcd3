using Commune.GitHub;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub;

/// <summary>
/// One shard of the delivery ledger. A delivery is <c>received</c> until its processing finished, then <c>processed</c>; a redelivery of a
/// processed one is a duplicate, a redelivery of a received one is processed again (the sessions skip what they already applied).
/// Entries past <see cref="GitHubOptions.DeliveryRetention"/> or beyond <see cref="GitHubOptions.DeliveriesPerShard"/> are dropped.
/// </summary>
public sealed class GitHubDeliveryGrain(
    [PersistentState("deliveries", StorageNames.Default)] IPersistentState<DeliveryLedgerState> state,
    IOptions<GitHubOptions> options,
    TimeProvider time) : Grain, IGitHubDeliveryGrain
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private List<DeliveryRecord> Deliveries => state.State.Deliveries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reindex();
        return Task.CompletedTask;
    }

    public async Task<DeliveryReceipt> ReceiveAsync(string deliveryId, string eventName)
    {
        var now = time.GetUtcNow();
        if (Find(deliveryId) is { } known)
        {
            if (known.Status == "processed")
            {
                return new DeliveryReceipt(true, known.Attempts);
            }

            var again = known with { Attempts = known.Attempts + 1 };
            Deliveries[_index[deliveryId]] = again;
            await state.WriteStateAsync();
            return new DeliveryReceipt(false, again.Attempts);
        }

        Deliveries.Add(new DeliveryRecord(deliveryId, eventName, "received", 1, now, null));
        Prune(now);
        await state.WriteStateAsync();
        return new DeliveryReceipt(false, 1);
    }

    public async Task MarkProcessedAsync(string deliveryId)
    {
        if (Find(deliveryId) is { Status: not "processed" } known)
        {
            Deliveries[_index[deliveryId]] = known with { Status = "processed", ProcessedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
        }
    }

    public Task<DeliveryRecord?> GetAsync(string deliveryId) => Task.FromResult(Find(deliveryId));

    private DeliveryRecord? Find(string deliveryId) => _index.TryGetValue(deliveryId, out var at) ? Deliveries[at] : null;

    private void Prune(DateTimeOffset now)
    {
        var o = options.Value;
        var cutoff = now - o.DeliveryRetention;
        var drop = Deliveries.TakeWhile(d => d.ReceivedAt < cutoff).Count();
        drop = Math.Max(drop, Deliveries.Count - Math.Max(1, o.DeliveriesPerShard));
        if (drop > 0)
        {
            Deliveries.RemoveRange(0, drop);
            Reindex();
        }
        else
        {
            _index[Deliveries[^1].DeliveryId] = Deliveries.Count - 1;
        }
    }

    private void Reindex()
    {
        _index.Clear();
        for (var i = 0; i < Deliveries.Count; i++)
        {
            _index[Deliveries[i].DeliveryId] = i;
        }
    }
}
