using Orleans.Concurrency;

namespace Commune.Analytics;

/// <summary>The names of the teams that recorded something (key <see cref="Key"/>); told once per team activation.</summary>
[Alias("commune.analytics.ICoordinationTeamListGrain")]
public interface ICoordinationTeamListGrain : IGrainWithStringKey
{
    const string Key = "all";

    [OneWay]
    Task SeenAsync(string team, int members);

    /// <summary>Teams, most recently seen first.</summary>
    Task<IReadOnlyList<CoordinationTeamEntry>> ListAsync();
}
