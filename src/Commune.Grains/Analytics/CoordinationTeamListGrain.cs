using Commune.Analytics;

namespace Commune.Grains.Analytics;

/// <summary>
/// The team picker's list. Touched once per team activation (not per observation), so one grain is enough; bounded to the
/// <see cref="MaxTeams"/> most recently seen teams.
/// </summary>
public sealed class CoordinationTeamListGrain(
    [PersistentState("coordination-teams", StorageNames.Default)] IPersistentState<CoordinationTeamListState> state,
    TimeProvider time) : Grain, ICoordinationTeamListGrain
{
    public const int MaxTeams = 1000;

    public async Task SeenAsync(string team, int members)
    {
        var teams = state.State.Teams;
        teams[team] = new CoordinationTeamEntry(team, members, time.GetUtcNow());
        if (teams.Count > MaxTeams)
        {
            foreach (var old in teams.Values.OrderBy(t => t.SeenAt).Take(teams.Count - MaxTeams).ToList())
            {
                teams.Remove(old.Team);
            }
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CoordinationTeamEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CoordinationTeamEntry>>([.. state.State.Teams.Values.OrderByDescending(t => t.SeenAt).ThenBy(t => t.Team, StringComparer.Ordinal)]);
}
