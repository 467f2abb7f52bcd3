using Commune.GitHub;

namespace Commune.Grains.GitHub;

/// <summary>
/// Head SHA → PR numbers for one repository, for checks whose payload lists no PR. Bounded at <see cref="Capacity"/> SHAs, oldest
/// forgotten first: a check on a SHA that old reaches no session, which is the right answer for a stale head anyway.
/// </summary>
public sealed class PullRequestHeadIndexGrain(
    [PersistentState("heads", StorageNames.Default)] IPersistentState<HeadIndexState> state) : Grain, IPullRequestHeadIndexGrain
{
    public const int Capacity = 2000;

    public async Task RecordAsync(string headSha, int number)
    {
        var sha = headSha.ToLowerInvariant();
        var heads = state.State.Heads;
        var entry = heads.Find(h => h.Sha == sha);
        if (entry is not null && entry.Numbers.Contains(number))
        {
            return;
        }

        if (entry is null)
        {
            entry = new HeadIndexEntry { Sha = sha };
            heads.Add(entry);
            if (heads.Count > Capacity)
            {
                heads.RemoveRange(0, heads.Count - Capacity);
            }
        }

        entry.Numbers.Add(number);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<int>> FindAsync(string headSha)
    {
        var sha = headSha.ToLowerInvariant();
        IReadOnlyList<int> numbers = state.State.Heads.Find(h => h.Sha == sha)?.Numbers.ToArray() ?? [];
        return Task.FromResult(numbers);
    }
}
