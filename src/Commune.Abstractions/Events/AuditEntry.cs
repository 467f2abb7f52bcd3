namespace Commune.Events;

/// <summary>
/// One thing that happened, as a grain records it: <see cref="Kind"/> names it (<c>task.claimed</c>, <c>agent.status</c>,
/// <c>message.sent</c>…), the ids say whom it concerns, and <see cref="Data"/> is a JSON object (snake_case) with the subject's fields
/// after the change — folding a subject's entries in order rebuilds its state. <see cref="TraceId"/> left null is filled from the
/// current OpenTelemetry activity.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.events.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string? TaskId,
    [property: Id(3)] string? MessageId,
    [property: Id(4)] string? TraceId,
    [property: Id(5)] string Data,
    [property: Id(6)] DateTimeOffset At);
