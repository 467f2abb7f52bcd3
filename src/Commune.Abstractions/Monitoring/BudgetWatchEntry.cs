namespace Commune.Monitoring;

/// <summary>A ledger's spend against its limits, as the ledger reports it to the budget watch; <see cref="Ratio"/> is the larger of the two.</summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.BudgetWatchEntry")]
public sealed record BudgetWatchEntry(
    [property: Id(0)] string Ledger,
    [property: Id(1)] double Ratio,
    [property: Id(2)] long TokensSpent,
    [property: Id(3)] long? TokenLimit,
    [property: Id(4)] decimal CostSpentUsd,
    [property: Id(5)] decimal? CostLimitUsd,
    [property: Id(6)] bool Exceeded,
    [property: Id(7)] bool Near,
    [property: Id(8)] DateTimeOffset At);
