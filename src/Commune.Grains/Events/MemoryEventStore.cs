using Commune.Events;

namespace Commune.Grains.Events;

/// <summary>The event store of embedded and in-memory clusters: the one <see cref="IEventLogGrain"/> every silo appends to.</summary>
public sealed class MemoryEventStore(IGrainFactory grains) : IEventStore
{
    private IEventLogGrain Log => grains.GetGrain<IEventLogGrain>(IEventLogGrain.Key);

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        Log.AppendAsync(entries).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken) =>
        Log.QueryAsync(query).WaitAsync(cancellationToken);
}
