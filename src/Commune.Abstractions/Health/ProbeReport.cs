namespace Commune.Health;

/// <summary>What a probe grain knows about itself: the persisted probe count and the silo that answered.</summary>
/// <param name="Key">The probe grain's key.</param>
/// <param name="Probes">Probes recorded in persistent state, across activations and silos.</param>
/// <param name="FirstProbeAt">When the first probe was recorded; null when never probed.</param>
/// <param name="LastProbeAt">When the latest probe was recorded; null when never probed.</param>
/// <param name="Silo">The address of the silo hosting the activation that answered.</param>
/// <param name="ActivatedAt">When the answering activation started.</param>
[GenerateSerializer, Immutable, Alias("commune.health.ProbeReport")]
public sealed record ProbeReport(
    [property: Id(0)] string Key,
    [property: Id(1)] long Probes,
    [property: Id(2)] DateTimeOffset? FirstProbeAt,
    [property: Id(3)] DateTimeOffset? LastProbeAt,
    [property: Id(4)] string Silo,
    [property: Id(5)] DateTimeOffset ActivatedAt);
