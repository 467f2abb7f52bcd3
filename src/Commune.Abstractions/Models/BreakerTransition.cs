namespace Commune.Models;

/// <summary>One change of a provider's breaker state, kept as history.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.BreakerTransition")]
public sealed record BreakerTransition(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string Reason);
