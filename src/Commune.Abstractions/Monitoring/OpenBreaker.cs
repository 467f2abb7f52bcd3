namespace Commune.Monitoring;

/// <summary>A provider whose breaker is not closed: open (skipped until <see cref="OpenUntil"/>) or half-open (one probe allowed).</summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.OpenBreaker")]
public sealed record OpenBreaker(
    [property: Id(0)] string Provider,
    [property: Id(1)] string State,
    [property: Id(2)] DateTimeOffset? OpenUntil,
    [property: Id(3)] int ConsecutiveFailures,
    [property: Id(4)] string? LastFailure,
    [property: Id(5)] DateTimeOffset? LastFailureAt);
