using Commune.Agents;
using Commune.Messages;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.Agents;

/// <summary>Fans queries, stats and broadcasts out over the directory shards and merges the answers; one per silo, reentrant.</summary>
[StatelessWorker(1), Reentrant]
public sealed class AgentBoardGrain(IOptions<FleetOptions> fleet) : Grain, IAgentBoardGrain
{
    private IEnumerable<IAgentDirectoryGrain> Shards =>
        Enumerable.Range(0, fleet.Value.DirectoryShards).Select(i => GrainFactory.GetGrain<IAgentDirectoryGrain>(AgentShards.Key(i)));

    public async Task<IReadOnlyList<AgentEntry>> QueryAsync(AgentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pages = await Task.WhenAll(Shards.Select(s => s.QueryAsync(query)));
        return [.. pages.SelectMany(p => p).OrderBy(e => e.Id, StringComparer.Ordinal).Take(query.Limit)];
    }

    public async Task<AgentDirectoryStats> StatsAsync()
    {
        var stats = await Task.WhenAll(Shards.Select(s => s.StatsAsync()));
        return stats.Aggregate(AgentDirectoryStats.Empty, (total, shard) => total.Add(shard));
    }

    public async Task<int> BroadcastAsync(MessageEnvelope message, string? role)
    {
        var counts = await Task.WhenAll(Shards.Select(s => s.BroadcastAsync(message, role)));
        return counts.Sum();
    }

    public async Task<AgentEntry?> PickAsync(string capability, RoutingStrategy strategy)
    {
        var capable = await QueryAsync(new AgentQuery(null, null, capability, null, int.MaxValue));
        var available = capable.Where(e => e.Status != AgentStatus.Offline && !e.Ended && e.HeldTasks < e.MaxConcurrentTasks).ToArray();
        if (available.Length == 0)
        {
            return null;
        }

        if (strategy == RoutingStrategy.RoundRobin)
        {
            var turn = await GrainFactory.GetGrain<IRoundRobinGrain>(capability).NextAsync();
            return available[(int)(turn % available.Length)];
        }

        return available
            .OrderBy(e => (double)e.HeldTasks / e.MaxConcurrentTasks)
            .ThenBy(e => e.Status == AgentStatus.Idle ? 0 : 1)
            .ThenBy(e => e.StatusSince)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .First();
    }
}
