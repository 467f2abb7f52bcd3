namespace Commune.Events;

/// <summary>
/// The audit trail of an embedded or in-memory cluster: one activation (key <see cref="Key"/>) holding the newest events in memory.
/// Every silo's recorder appends whole batches, so it sees a call per flush per silo, not one per event.
/// </summary>
[Alias("commune.events.IEventLogGrain")]
public interface IEventLogGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Stores the entries in order, giving each the next id; returns the last id given.</summary>
    Task<long> AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>The events the query selects, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query);
}
