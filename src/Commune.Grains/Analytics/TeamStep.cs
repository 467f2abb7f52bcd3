namespace Commune.Grains.Analytics;

/// <summary>One time step of a team: each active agent's actions and the outcomes (all, and per task type) recorded in it.</summary>
[GenerateSerializer, Alias("commune.analytics.TeamStep")]
public sealed class TeamStep
{
    [Id(0)] public long Number { get; set; }

    [Id(1)] public Dictionary<string, AgentStep> Agents { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public int Successes { get; set; }

    [Id(3)] public int Failures { get; set; }

    /// <summary>Per task type: successes minus failures' sign is that type's outcome in the step.</summary>
    [Id(4)] public Dictionary<string, int> TypeSuccesses { get; set; } = new(StringComparer.Ordinal);

    [Id(5)] public Dictionary<string, int> TypeFailures { get; set; } = new(StringComparer.Ordinal);
}
