namespace Commune.GitHub;

/// <summary>One event of a PR session's log, in arrival order (<see cref="Sequence"/> counts every event the session ever applied).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.SessionLogEntry")]
public sealed record SessionLogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Event,
    [property: Id(3)] string? Actor,
    [property: Id(4)] string Text,
    [property: Id(5)] string? DeliveryId);
