namespace Commune.Models;

/// <summary>Answer to a half-open probe request: exactly one caller per cooldown gets <see cref="Granted"/>.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ProbeGrant")]
public sealed record ProbeGrant([property: Id(0)] bool Granted, [property: Id(1)] BreakerSnapshot Breaker);
