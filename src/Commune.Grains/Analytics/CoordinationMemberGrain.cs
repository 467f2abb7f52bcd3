using Commune.Analytics;

namespace Commune.Grains.Analytics;

/// <summary>
/// An agent's teams. Explicit teams are joined through the team grain; the pool team (<c>pool:{pool}</c>) and the spawn team
/// (<c>spawn:{parent}</c>) follow from the agent's registration as the audit feed reports it. Its calls to team grains are one-way, so
/// a team grain may await it without a cycle. State is written only when the memberships change.
/// </summary>
public sealed class CoordinationMemberGrain(
    [PersistentState("coordination-member", StorageNames.Default)] IPersistentState<CoordinationMemberState> state) : Grain, ICoordinationMemberGrain
{
    private CoordinationMemberState S => state.State;

    private string Agent => this.GetPrimaryKeyString();

    public async Task JoinAsync(string team)
    {
        if (!S.Teams.Contains(team))
        {
            S.Teams.Add(team);
            await state.WriteStateAsync();
        }
    }

    public async Task LeaveAsync(string team)
    {
        if (S.Teams.Remove(team))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> TeamsAsync() => Task.FromResult<IReadOnlyList<string>>([.. S.Teams]);

    public async Task ObserveAsync(AgentActivity activity)
    {
        if (activity.Registration && (activity.Pool != S.Pool || activity.Parent != S.Parent))
        {
            Implied(S.Pool is { } oldPool ? CoordinationTeams.Pool(oldPool) : null, activity.Pool is { } pool ? CoordinationTeams.Pool(pool) : null);
            Implied(S.Parent is { } oldParent ? CoordinationTeams.Spawn(oldParent) : null, activity.Parent is { } parent ? CoordinationTeams.Spawn(parent) : null);
            S.Pool = activity.Pool;
            S.Parent = activity.Parent;
            await state.WriteStateAsync();
        }

        if (activity.Observations.Count == 0)
        {
            return;
        }

        foreach (var team in S.Teams)
        {
            GrainFactory.GetGrain<ICoordinationGrain>(team).RecordManyAsync(activity.Observations).Ignore();
        }
    }

    private void Implied(string? before, string? after)
    {
        if (before == after)
        {
            return;
        }

        if (before is not null)
        {
            S.Teams.Remove(before);
        }

        if (after is not null && !S.Teams.Contains(after))
        {
            S.Teams.Add(after);
            GrainFactory.GetGrain<ICoordinationGrain>(after).MemberJoinedAsync(Agent).Ignore();
        }
    }
}
