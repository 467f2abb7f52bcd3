using Orleans.Concurrency;

namespace Commune.Monitoring;

/// <summary>
/// Ledgers near their limits (key <see cref="Key"/>). Budget grains cannot be enumerated, so each ledger reports here, one-way, only when
/// it crosses <c>Monitor:BudgetWarnRatio</c> in either direction: a handful of calls per ledger over its life.
/// </summary>
[Alias("commune.monitoring.IBudgetWatchGrain")]
public interface IBudgetWatchGrain : IGrainWithStringKey
{
    /// <summary>The one watch's key.</summary>
    const string Key = "cluster";

    /// <summary>Keeps a ledger that is near its limit, forgets one that is not.</summary>
    [OneWay]
    Task ReportAsync(BudgetWatchEntry entry);

    /// <summary>Ledgers near or over their limits, highest ratio first.</summary>
    Task<IReadOnlyList<BudgetWatchEntry>> ListAsync();
}
