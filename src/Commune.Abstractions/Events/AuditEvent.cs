namespace Commune.Events;

/// <summary>
/// An <see cref="AuditEntry"/> as stored: immutable, with the <see cref="Id"/> the store assigned. Ids are global and increase in the
/// order events are stored; "as of event id" means every event with an id up to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.events.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] string? TaskId,
    [property: Id(4)] string? MessageId,
    [property: Id(5)] string? TraceId,
    [property: Id(6)] string Data,
    [property: Id(7)] DateTimeOffset At)
{
    public static AuditEvent From(long id, AuditEntry entry) =>
        new(id, entry.Kind, entry.AgentId, entry.TaskId, entry.MessageId, entry.TraceId, entry.Data, entry.At);
}
