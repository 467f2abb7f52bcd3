using Commune.Events;
using Orleans.Concurrency;

namespace Commune.Grains.Events;

/// <summary>
/// Reads the audit trail for gateways (<see cref="IEventReaderGrain"/>). One reentrant activation per silo: it only waits on the store.
/// A replay pages through the subject's events and folds them here, so only the resulting state travels back to the gateway.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class EventReaderGrain(IEventStore store) : Grain, IEventReaderGrain
{
    private const int ReplayPage = 1000;

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query) => store.QueryAsync(query, CancellationToken.None);

    public async Task<EventReplay> ReplayAsync(EventQuery subject)
    {
        var fold = new EventFold();
        var query = subject with { Limit = ReplayPage };
        var last = subject.After;
        while (true)
        {
            var page = await store.QueryAsync(query with { After = last }, CancellationToken.None);
            foreach (var e in page)
            {
                fold.Apply(e.Data);
                last = e.Id;
            }

            if (page.Count < ReplayPage)
            {
                return new EventReplay(fold.Applied, last, fold.ToJson());
            }
        }
    }
}
