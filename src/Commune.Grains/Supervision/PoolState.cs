using Commune.Supervision;

namespace Commune.Grains.Supervision;

/// <summary>A declared pool as the supervisor keeps it.</summary>
[GenerateSerializer, Alias("commune.supervision.PoolState")]
public sealed class PoolState
{
    [Id(0)] public PoolSpec Spec { get; set; } = null!;

    [Id(1)] public DateTimeOffset DeclaredAt { get; set; }

    /// <summary>The number of the last worker started: workers are <c>{pool}-{n}</c>, never reusing a number.</summary>
    [Id(2)] public int LastWorker { get; set; }

    [Id(3)] public ScalingDecision? LastDecision { get; set; }
}
