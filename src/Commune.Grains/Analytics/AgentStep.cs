namespace Commune.Grains.Analytics;

/// <summary>What one agent did in one step: counts per action and per role label, and its last action (breaks ties).</summary>
[GenerateSerializer, Alias("commune.analytics.AgentStep")]
public sealed class AgentStep
{
    [Id(0)] public Dictionary<string, int> Actions { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<string, int> Roles { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public string Last { get; set; } = "";

    /// <summary>The agent's state in the step: its most frequent action, the last one among equals.</summary>
    public string State()
    {
        var max = Actions.Values.DefaultIfEmpty(0).Max();
        return Actions.GetValueOrDefault(Last) == max
            ? Last
            : Actions.Where(a => a.Value == max).Select(a => a.Key).Order(StringComparer.Ordinal).First();
    }
}
