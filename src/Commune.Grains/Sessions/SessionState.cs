using Commune.Sessions;

namespace Commune.Grains.Sessions;

/// <summary>
/// A session's durable part. The deadline lives here, not in the reminder: activity moves it with the state write it already makes,
/// and the reminder's tick compares it with the clock.
/// </summary>
[GenerateSerializer, Alias("commune.sessions.SessionState")]
public sealed class SessionState
{
    /// <summary>Null until the session is created (and again once it is deleted).</summary>
    [Id(0)] public string? Id { get; set; }

    [Id(1)] public string Kind { get; set; } = "";

    [Id(2)] public string Profile { get; set; } = "";

    [Id(3)] public string Status { get; set; } = SessionStatuses.Active;

    [Id(4)] public bool RunToCompletion { get; set; }

    [Id(5)] public List<SessionTurn> Turns { get; set; } = [];

    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    [Id(7)] public DateTimeOffset LastActivityAt { get; set; }

    [Id(8)] public TimeSpan Ttl { get; set; }

    [Id(9)] public DateTimeOffset? ClosedAt { get; set; }

    [Id(10)] public long TokensSpent { get; set; }

    [Id(11)] public decimal CostUsd { get; set; }

    [Id(12)] public long Calls { get; set; }

    [Id(13)] public long? TokenLimit { get; set; }

    /// <summary>When the session expires: idle time to live after its last activity.</summary>
    public DateTimeOffset ExpiresAt => LastActivityAt + Ttl;
}
