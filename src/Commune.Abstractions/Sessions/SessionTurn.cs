namespace Commune.Sessions;

/// <summary>
/// One turn of a session's conversation. Assistant turns say who answered (<see cref="Provider"/>/<see cref="Model"/>), whether the
/// answer is <see cref="Simulated"/>, and what it cost; other turns leave those null.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.sessions.SessionTurn")]
public sealed record SessionTurn(
    [property: Id(0)] string Role,
    [property: Id(1)] string Content,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Provider = null,
    [property: Id(4)] string? Model = null,
    [property: Id(5)] bool? Simulated = null,
    [property: Id(6)] long? Tokens = null,
    [property: Id(7)] decimal? CostUsd = null);
