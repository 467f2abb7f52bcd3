using Orleans.Concurrency;
using Commune.Messages;

namespace Commune.Agents;

/// <summary>
/// One shard of the agent directory (key = shard number). Agents report to the shard their id hashes to, so registrations, status
/// changes and queries spread over the shards instead of meeting at one grain. The shard also notices missed heartbeats.
/// </summary>
[Alias("commune.agents.IAgentDirectoryGrain")]
public interface IAgentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>An agent's latest entry; an entry older (by version) than the one held is ignored.</summary>
    [OneWay]
    Task UpdateAsync(AgentEntry entry);

    Task<IReadOnlyList<AgentEntry>> QueryAsync(AgentQuery query);

    Task<AgentDirectoryStats> StatsAsync();

    /// <summary>Delivers a broadcast to every agent of the shard that is not offline (of <paramref name="role"/> when given).</summary>
    Task<int> BroadcastAsync(MessageEnvelope message, string? role);
}
