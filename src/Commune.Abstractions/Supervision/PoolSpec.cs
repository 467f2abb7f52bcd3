namespace Commune.Supervision;

/// <summary>
/// A declared worker pool (<c>POST /v1/pools</c>): the supervisor keeps between <see cref="Min"/> and <see cref="Max"/> workers of
/// <see cref="Role"/> alive, adds workers while pending work outnumbers them two to one, and retires workers idle longer than
/// <see cref="IdleRetire"/> down to the minimum.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.PoolSpec")]
public sealed record PoolSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Profile,
    [property: Id(3)] IReadOnlyList<string> Capabilities,
    [property: Id(4)] int Min,
    [property: Id(5)] int Max,
    [property: Id(6)] TimeSpan? IdleRetire);
