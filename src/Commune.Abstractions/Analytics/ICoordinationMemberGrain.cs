using Orleans.Concurrency;

namespace Commune.Analytics;

/// <summary>
/// An agent's team memberships (key: agent id), so the audit feed can route an agent's actions to its teams without a lookup in one
/// hot place. It only tells team grains things one-way, so team grains may await it.
/// </summary>
[Alias("commune.analytics.ICoordinationMemberGrain")]
public interface ICoordinationMemberGrain : IGrainWithStringKey
{
    /// <summary>Adds an explicit team.</summary>
    Task JoinAsync(string team);

    /// <summary>Removes a team.</summary>
    Task LeaveAsync(string team);

    /// <summary>The agent's teams.</summary>
    Task<IReadOnlyList<string>> TeamsAsync();

    /// <summary>Forwards the agent's activity to its teams (learning pool and parent teams from a registration), without waiting.</summary>
    [OneWay]
    Task ObserveAsync(AgentActivity activity);
}
