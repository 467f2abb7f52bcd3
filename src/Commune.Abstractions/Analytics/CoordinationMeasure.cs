namespace Commune.Analytics;

/// <summary>
/// A measured value in bits with its permutation test: <see cref="PValue"/> is the share of nulls at or above it (floored at
/// 1/permutations) and <see cref="Corrected"/> is the value minus the nulls' median (its bias-corrected size).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationMeasure")]
public sealed record CoordinationMeasure(
    [property: Id(0)] double Value,
    [property: Id(1)] double PValue,
    [property: Id(2)] double Corrected);
