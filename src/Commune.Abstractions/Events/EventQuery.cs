namespace Commune.Events;

/// <summary>
/// Which events to read: every filter given must match (null: any). Events with an id above <see cref="After"/> and, when set, at most
/// <see cref="UpTo"/>, oldest first, at most <see cref="Limit"/>. <see cref="KindPrefix"/> selects a family (<c>task.</c>), which is how
/// a replay keeps to its subject's own events.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.events.EventQuery")]
public sealed record EventQuery(
    [property: Id(0)] string? AgentId,
    [property: Id(1)] string? TaskId,
    [property: Id(2)] string? TraceId,
    [property: Id(3)] string? Kind,
    [property: Id(4)] long After,
    [property: Id(5)] int Limit,
    [property: Id(6)] long? UpTo = null,
    [property: Id(7)] string? KindPrefix = null)
{
    /// <summary>True when the event passes every filter (ids are checked separately: stores page by them).</summary>
    public bool Matches(AuditEvent e) =>
        (AgentId is null || AgentId == e.AgentId) &&
        (TaskId is null || TaskId == e.TaskId) &&
        (TraceId is null || TraceId == e.TraceId) &&
        (Kind is null || Kind == e.Kind) &&
        (KindPrefix is null || e.Kind.StartsWith(KindPrefix, StringComparison.Ordinal));
}
