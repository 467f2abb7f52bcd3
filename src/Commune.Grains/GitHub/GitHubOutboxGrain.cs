using Commune.GitHub;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub;

/// <summary>
/// Keeps what the recording output would have posted, bounded at <see cref="GitHubOptions.OutboxCapacity"/>. One grain: it only sees
/// traffic when GitHub output is not live (embedded use, tests), where a PR gets a handful of posts.
/// </summary>
public sealed class GitHubOutboxGrain(
    [PersistentState("outbox", StorageNames.Default)] IPersistentState<OutboxState> state,
    IOptions<GitHubOptions> options) : Grain, IGitHubOutboxGrain
{
    public async Task<OutboxEntry> RecordAsync(OutboxEntry entry)
    {
        var s = state.State;
        var kept = entry with { Id = ++s.LastId };
        s.Posts.Add(kept);
        var capacity = Math.Max(1, options.Value.OutboxCapacity);
        if (s.Posts.Count > capacity)
        {
            s.Posts.RemoveRange(0, s.Posts.Count - capacity);
        }

        await state.WriteStateAsync();
        return kept;
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(string? pullRequest, int limit)
    {
        IReadOnlyList<OutboxEntry> posts = state.State.Posts.AsEnumerable().Reverse()
            .Where(p => pullRequest is null || p.PullRequest == pullRequest)
            .Take(Math.Max(1, limit))
            .ToArray();
        return Task.FromResult(posts);
    }
}
