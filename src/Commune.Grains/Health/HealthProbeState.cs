namespace Commune.Grains.Health;

/// <summary>Persisted record of a probe grain.</summary>
[GenerateSerializer, Alias("commune.health.HealthProbeState")]
public sealed class HealthProbeState
{
    [Id(0)] public long Probes { get; set; }
    [Id(1)] public DateTimeOffset? FirstProbeAt { get; set; }
    [Id(2)] public DateTimeOffset? LastProbeAt { get; set; }
}
