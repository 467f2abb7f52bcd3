using Commune.Models;

namespace Commune.Grains.Models;

/// <summary>A provider breaker's durable part: written on every state change, so a trip survives deactivation and silo loss.</summary>
[GenerateSerializer, Alias("commune.models.ProviderHealthState")]
public sealed class ProviderHealthState
{
    [Id(0)] public string State { get; set; } = BreakerState.Closed;

    [Id(1)] public DateTimeOffset? OpenUntil { get; set; }

    [Id(2)] public int ConsecutiveFailures { get; set; }

    [Id(3)] public long Version { get; set; }

    [Id(4)] public List<BreakerTransition> History { get; set; } = [];

    [Id(5)] public DateTimeOffset? ProbeLeaseUntil { get; set; }

    [Id(6)] public string? LastFailure { get; set; }

    [Id(7)] public DateTimeOffset? LastFailureAt { get; set; }
}
