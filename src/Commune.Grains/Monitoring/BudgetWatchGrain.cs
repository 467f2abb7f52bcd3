using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>
/// Keeps the ledgers that reported being near a limit until they report otherwise. Ledgers only report when they cross the ratio, so
/// this is written a few times per ledger, never per call. Budget grains call it one-way; it calls nobody.
/// </summary>
public sealed class BudgetWatchGrain(
    [PersistentState("budget-watch", StorageNames.Default)] IPersistentState<BudgetWatchState> state) : Grain, IBudgetWatchGrain
{
    /// <summary>More near ledgers than this keeps the highest ratios (the count in the report is then a floor).</summary>
    private const int Capacity = 10_000;

    public async Task ReportAsync(BudgetWatchEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var near = state.State.Near;
        if (near.TryGetValue(entry.Ledger, out var known) && known.At > entry.At)
        {
            return;
        }

        if (entry.Near)
        {
            near[entry.Ledger] = entry;
            if (near.Count > Capacity)
            {
                near.Remove(near.Values.MinBy(e => e.Ratio)!.Ledger);
            }
        }
        else if (!near.Remove(entry.Ledger))
        {
            return;
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<BudgetWatchEntry>> ListAsync()
    {
        IReadOnlyList<BudgetWatchEntry> list = [.. state.State.Near.Values.OrderByDescending(e => e.Ratio).ThenBy(e => e.Ledger, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }
}
