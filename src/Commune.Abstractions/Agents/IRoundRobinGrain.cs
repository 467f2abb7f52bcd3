namespace Commune.Agents;

/// <summary>A cluster-wide turn counter per capability for round-robin routing (in memory: a restart starts the turns again).</summary>
[Alias("commune.agents.IRoundRobinGrain")]
public interface IRoundRobinGrain : IGrainWithStringKey
{
    /// <summary>The next turn: 0, 1, 2, …</summary>
    Task<long> NextAsync();
}
