using Commune.Events;

namespace Commune.Grains.Events;

/// <summary>Where audit events are kept: PostgreSQL when clustered, the in-memory <see cref="IEventLogGrain"/> otherwise.</summary>
public interface IEventStore
{
    /// <summary>Stores the entries in order, each with the next global id. All or nothing.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>The events the query selects, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken);
}
