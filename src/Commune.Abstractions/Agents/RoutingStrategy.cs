namespace Commune.Agents;

/// <summary>How "any agent with capability X" is chosen (seed 004's capability routing).</summary>
public enum RoutingStrategy
{
    /// <summary>The agent holding the fewest tasks relative to its maximum; ties go to the one idle longest.</summary>
    LeastLoaded = 0,

    /// <summary>Each capable agent in turn (by id), cluster-wide per capability.</summary>
    RoundRobin = 1,
}
