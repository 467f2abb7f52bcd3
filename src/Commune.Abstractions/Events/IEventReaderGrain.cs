namespace Commune.Events;

/// <summary>
/// Reads the audit trail wherever this cluster stores it (PostgreSQL or the in-memory log), so a gateway needs nothing but a grain
/// reference. A stateless worker: each silo answers the gateways that reach it.
/// </summary>
[Alias("commune.events.IEventReaderGrain")]
public interface IEventReaderGrain : IGrainWithIntegerKey
{
    /// <summary>The events the query selects, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query);

    /// <summary>Rebuilds a subject's state from the events the query selects (its filters name the subject; <c>UpTo</c> is "as of").</summary>
    Task<EventReplay> ReplayAsync(EventQuery subject);
}
