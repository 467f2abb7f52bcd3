using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>The ledgers near their limits, by ledger key; durable so a watch that moves still knows them.</summary>
[GenerateSerializer, Alias("commune.monitoring.BudgetWatchState")]
public sealed class BudgetWatchState
{
    [Id(0)] public Dictionary<string, BudgetWatchEntry> Near { get; set; } = new(StringComparer.Ordinal);
}
