namespace Commune.Monitoring;

/// <summary>
/// The fleet: agents by status and role, offline agents (those that ended on purpose are not counted), offline agents still holding
/// tasks, and the time all agents spent working and waiting (idle). Id lists are capped; the counts are not.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.AgentHealth")]
public sealed record AgentHealth(
    [property: Id(0)] int Total,
    [property: Id(1)] int Idle,
    [property: Id(2)] int Working,
    [property: Id(3)] int Offline,
    [property: Id(4)] int Ended,
    [property: Id(5)] IReadOnlyDictionary<string, int> ByRole,
    [property: Id(6)] IReadOnlyList<string> OfflineIds,
    [property: Id(7)] IReadOnlyList<string> OfflineWithTasks,
    [property: Id(8)] double WorkingSeconds,
    [property: Id(9)] double IdleSeconds)
{
    /// <summary>Share of the agents' recorded time spent waiting (0 when no time is recorded).</summary>
    public double IdleRatio => WorkingSeconds + IdleSeconds <= 0 ? 0 : Math.Round(IdleSeconds / (WorkingSeconds + IdleSeconds), 4);
}
