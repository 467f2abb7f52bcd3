namespace Commune.Coordination;

/// <summary>Role specialization: an agent has a niche when strictly more than a threshold share of its actions fall in one role.</summary>
public static class Specialization
{
    /// <summary>The seeds' threshold: more than 70 % of actions in one role.</summary>
    public const double DefaultThreshold = 0.7;

    /// <summary>
    /// Each agent's dominant role and its share (in (0, 1]); ties between roles go to the ordinally smallest label so the
    /// answer does not depend on ordering. Every agent needs at least one label; threshold in [0, 1).
    /// </summary>
    public static IReadOnlyDictionary<string, AgentSpecialization> Measure(
        IReadOnlyDictionary<string, IReadOnlyList<string>> agents, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (!(threshold >= 0 && threshold < 1))
        {
            throw new ArgumentException($"threshold must be in [0, 1) (was {threshold})", nameof(threshold));
        }
        var result = new Dictionary<string, AgentSpecialization>(agents.Count, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (agent, labels) in agents)
        {
            if (labels is null || labels.Count == 0)
            {
                throw new ArgumentException($"agent '{agent}' has no labels; specialization needs at least one action", nameof(agents));
            }
            counts.Clear();
            foreach (var label in labels)
            {
                ArgumentNullException.ThrowIfNull(label, nameof(agents));
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
            string? dominant = null;
            var best = 0;
            foreach (var (label, count) in counts)
            {
                if (count > best || (count == best && string.CompareOrdinal(label, dominant) < 0))
                {
                    dominant = label;
                    best = count;
                }
            }
            var share = (double)best / labels.Count;
            result[agent] = new AgentSpecialization(dominant!, share, share > threshold);
        }
        return result;
    }
}
