namespace Commune.Events;

/// <summary>
/// A subject's state rebuilt from its events up to an id: <see cref="State"/> is the JSON object every event's data merged into, in id
/// order. <see cref="EventsApplied"/> is 0 (and <see cref="State"/> <c>{}</c>) when the subject had no events by then.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.events.EventReplay")]
public sealed record EventReplay(
    [property: Id(0)] int EventsApplied,
    [property: Id(1)] long LastEventId,
    [property: Id(2)] string State);
