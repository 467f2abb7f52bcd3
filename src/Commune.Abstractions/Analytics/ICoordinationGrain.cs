using Orleans.Concurrency;

namespace Commune.Analytics;

/// <summary>
/// One team's recorded behaviour (key: the team name): each member's actions per time step in a bounded ring of steps, the team's
/// outcomes, and the coordination reports computed from them over time. It never awaits another grain except member grains it
/// tells about membership, which never await it back.
/// </summary>
[Alias("commune.analytics.ICoordinationGrain")]
public interface ICoordinationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records one observation without waiting (the review grain and other recorders call this; the agent id need not be a member —
    /// it becomes one).
    /// </summary>
    [OneWay]
    Task RecordAsync(CoordinationObservation observation);

    /// <summary>Records observations forwarded by member grains, without waiting.</summary>
    [OneWay]
    Task RecordManyAsync(IReadOnlyList<CoordinationObservation> observations);

    /// <summary>Records observations and returns how many were kept (older than the ring are not).</summary>
    Task<int> ObserveAsync(IReadOnlyList<CoordinationObservation> observations);

    /// <summary>Adds agents as members: their audited actions are recorded here from now on. Returns the members.</summary>
    Task<IReadOnlyList<string>> AddMembersAsync(IReadOnlyList<string> agents);

    /// <summary>Removes an agent (its recorded steps stay until they age out). Returns the members.</summary>
    Task<IReadOnlyList<string>> RemoveMemberAsync(string agent);

    /// <summary>A member grain learned the agent belongs here (pool, spawn parent); told without waiting.</summary>
    [OneWay]
    Task MemberJoinedAsync(string agent);

    /// <summary>The report over a window of recent steps; null when nothing was ever recorded for the team.</summary>
    Task<CoordinationReply> ReportAsync(CoordinationQuery query);
}
