namespace Commune.Models;

/// <summary>
/// A provider's cluster-wide breaker. <see cref="Version"/> increases on every change so silo caches can keep the newest.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.BreakerSnapshot")]
public sealed record BreakerSnapshot(
    [property: Id(0)] string Provider,
    [property: Id(1)] string State,
    [property: Id(2)] int ConsecutiveFailures,
    [property: Id(3)] DateTimeOffset? OpenUntil,
    [property: Id(4)] string? LastFailure,
    [property: Id(5)] DateTimeOffset? LastFailureAt,
    [property: Id(6)] long Failures,
    [property: Id(7)] long Successes,
    [property: Id(8)] long Version,
    [property: Id(9)] IReadOnlyList<BreakerTransition> History,
    [property: Id(10)] int FailureThreshold,
    [property: Id(11)] TimeSpan Cooldown)
{
    /// <summary>The state of a provider nobody has reported on yet.</summary>
    public static BreakerSnapshot Initial(string provider, int threshold, TimeSpan cooldown) =>
        new(provider, BreakerState.Closed, 0, null, null, null, 0, 0, 0, [], threshold, cooldown);

    /// <summary>Whether a chain must skip the provider at <paramref name="now"/> without asking anyone.</summary>
    public bool BlocksAt(DateTimeOffset now) => State != BreakerState.Closed && (OpenUntil is null || now < OpenUntil);
}
