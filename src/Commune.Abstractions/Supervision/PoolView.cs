namespace Commune.Supervision;

/// <summary>A pool: its declaration, its workers, and the supervisor's last decision for it (null before the first sweep).</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.PoolView")]
public sealed record PoolView(
    [property: Id(0)] PoolSpec Spec,
    [property: Id(1)] IReadOnlyList<PoolMember> Members,
    [property: Id(2)] ScalingDecision? LastDecision,
    [property: Id(3)] DateTimeOffset DeclaredAt,
    [property: Id(4)] DateTimeOffset? DeletedAt);
