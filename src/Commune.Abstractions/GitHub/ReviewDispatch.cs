namespace Commune.GitHub;

/// <summary>
/// A review the session asked for at one head SHA. <see cref="Status"/>: <c>dispatched</c>, <c>disabled</c> (<c>GitHub:Review:Enabled</c>
/// is false), <c>skipped</c> (budget exhausted) or <c>failed</c> (the review grain could not be reached; <see cref="Error"/> says why).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewDispatch")]
public sealed record ReviewDispatch(
    [property: Id(0)] string HeadSha,
    [property: Id(1)] string Status,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Error);
