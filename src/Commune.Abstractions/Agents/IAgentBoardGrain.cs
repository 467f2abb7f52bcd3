using Commune.Messages;

namespace Commune.Agents;

/// <summary>The directory's front (a stateless worker on every silo): queries, broadcasts and capability picks across all shards.</summary>
[Alias("commune.agents.IAgentBoardGrain")]
public interface IAgentBoardGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<AgentEntry>> QueryAsync(AgentQuery query);

    Task<AgentDirectoryStats> StatsAsync();

    Task<int> BroadcastAsync(MessageEnvelope message, string? role);

    /// <summary>An agent that is not offline, has <paramref name="capability"/> and room for a task; null when none has.</summary>
    Task<AgentEntry?> PickAsync(string capability, RoutingStrategy strategy);
}
