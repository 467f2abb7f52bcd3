using Commune.Agents;

namespace Commune.Grains.Agents;

/// <summary>A directory shard's entries, written coalesced (at most once per flush interval), so a restarted shard still knows its agents.</summary>
[GenerateSerializer, Alias("commune.agents.AgentDirectoryState")]
public sealed class AgentDirectoryState
{
    [Id(0)] public Dictionary<string, AgentEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
