namespace Commune.Analytics;

/// <summary>
/// A report's window: <see cref="Steps"/> recent steps, or the steps covering <see cref="Duration"/> (neither: the configured
/// default), with <see cref="Permutations"/> per significance test and the permutation <see cref="Seed"/> (null: configured defaults).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationQuery")]
public sealed record CoordinationQuery(
    [property: Id(0)] int? Steps,
    [property: Id(1)] TimeSpan? Duration,
    [property: Id(2)] int? Permutations,
    [property: Id(3)] int? Seed);
