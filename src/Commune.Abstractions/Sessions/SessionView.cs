namespace Commune.Sessions;

/// <summary>
/// A session as callers see it. <see cref="Result"/> is the last answer; <see cref="Simulated"/> is true when any answer came from the
/// simulator. Spend is what the session's answers used; <see cref="Ledger"/> names its budget ledger.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.sessions.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Profile,
    [property: Id(3)] string Status,
    [property: Id(4)] bool RunToCompletion,
    [property: Id(5)] IReadOnlyList<SessionTurn> Turns,
    [property: Id(6)] string? Result,
    [property: Id(7)] bool Simulated,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset LastActivityAt,
    [property: Id(10)] DateTimeOffset ExpiresAt,
    [property: Id(11)] long TtlSeconds,
    [property: Id(12)] DateTimeOffset? ClosedAt,
    [property: Id(13)] long TokensSpent,
    [property: Id(14)] decimal CostUsd,
    [property: Id(15)] long Calls,
    [property: Id(16)] long? TokenLimit,
    [property: Id(17)] string Ledger);
