namespace Commune.Models;

/// <summary>A ledger: limits (null = none), settled spend, outstanding reservations.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.BudgetSnapshot")]
public sealed record BudgetSnapshot(
    [property: Id(0)] string Ledger,
    [property: Id(1)] long? TokenLimit,
    [property: Id(2)] decimal? CostLimitUsd,
    [property: Id(3)] long TokensSpent,
    [property: Id(4)] decimal CostSpentUsd,
    [property: Id(5)] long TokensReserved,
    [property: Id(6)] decimal CostReservedUsd,
    [property: Id(7)] long Calls,
    [property: Id(8)] bool Exceeded,
    [property: Id(9)] string? EscalationId,
    [property: Id(10)] DateTimeOffset? UpdatedAt);
