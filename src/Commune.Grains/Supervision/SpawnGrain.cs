using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Models;
using Commune.Providers.Profiles;
using Commune.Supervision;
using Commune.Tasks;
using Microsoft.Extensions.Logging;

namespace Commune.Grains.Supervision;

/// <summary>
/// Spawns subagents for one parent (seeds 000/001: a specialised profile for a delegable task). In order, each step only after the
/// previous succeeded: check parent and profile, number the subagent, carve its session budget out of the parent's, create its task
/// (requiring the subagent's own id as capability, so nobody else takes it), register it with its parent, and start its runner.
/// </summary>
public sealed partial class SpawnGrain(
    [PersistentState("spawn", StorageNames.Default)] IPersistentState<SpawnState> state,
    ProfileCatalog profiles,
    ILogger<SpawnGrain> logger) : Grain, ISpawnGrain
{
    /// <summary>Room left in an id for <c>.sub-{n}</c>.</summary>
    private const int SuffixRoom = 12;

    private string ParentId => this.GetPrimaryKeyString();

    public async Task<SpawnReply> SpawnAsync(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parent = await GrainFactory.GetGrain<IAgentGrain>(ParentId).GetAsync();
        if (parent is null)
        {
            return SpawnReply.Refused(AgentErrorCode.NotFound, $"There is no agent '{ParentId}'; register it with POST /v1/agents.", ParentId);
        }

        if (parent.EndedAt is { } ended)
        {
            return SpawnReply.Refused(AgentErrorCode.Ended, $"Agent '{ParentId}' ended at {ended:O}; an ended agent cannot spawn subagents.", ParentId);
        }

        if (!profiles.Current.TryGet(request.Profile, out _))
        {
            var known = string.Join(", ", profiles.Current.Profiles.Keys.Order(StringComparer.Ordinal));
            return SpawnReply.Refused(AgentErrorCode.Invalid, $"There is no profile '{request.Profile}'. Profiles: {known}.", request.Profile);
        }

        if (ParentId.Length > AgentNames.MaxIdLength - SuffixRoom)
        {
            return SpawnReply.Refused(AgentErrorCode.Invalid,
                $"Agent ids of parents that spawn are at most {AgentNames.MaxIdLength - SuffixRoom} characters, so '.sub-n' still makes a valid id.", ParentId);
        }

        // The budget comes first: a parent with nothing left gets a refusal, not a subagent that fails at once.
        var parentLedger = GrainFactory.GetGrain<IBudgetGrain>(BudgetKey.Session(request.ParentSession ?? ParentId));
        var budget = await parentLedger.GetAsync();
        var (tokens, cost) = Share(budget, request.BudgetShare);
        if (tokens is <= 0 || cost is <= 0 || budget.Exceeded)
        {
            return SpawnReply.Refused(AgentErrorCode.Conflict,
                $"The parent's budget '{budget.Ledger}' has nothing left to share ({budget.TokensSpent} of {budget.TokenLimit} tokens, " +
                $"${budget.CostSpentUsd:0.######} of ${budget.CostLimitUsd:0.######}).", budget.Ledger);
        }

        state.State.Count++;
        await state.WriteStateAsync();
        var id = $"{ParentId}.sub-{state.State.Count}";
        if (tokens is not null || cost is not null)
        {
            await GrainFactory.GetGrain<IBudgetGrain>(BudgetKey.Session(id)).SetLimitsAsync(tokens, cost);
        }

        var spec = new TaskSpec(
            "", request.Title, request.Description, TaskPriority.Medium, ["subagent"], [], null, null, id, 1, [], null, request.Input, null, ParentId);
        var created = await GrainFactory.GetGrain<ITaskBoardGrain>(0).CreateAsync([spec]);
        if (created.Error is { } refused)
        {
            return SpawnReply.Refused(AgentErrorCode.Invalid, refused.Message, [.. refused.Details]);
        }

        var taskId = created.Tasks[0].Spec.Id;
        var registration = new AgentRegistration(id, request.Role, request.Profile, request.Capabilities, 1, Parent: ParentId);
        var registered = await GrainFactory.GetGrain<IAgentGrain>(id).RegisterAsync(registration);
        if (registered.Error is { } notRegistered)
        {
            await GrainFactory.GetGrain<ITaskGrain>(taskId).CancelAsync(ParentId, "the subagent could not be registered: " + notRegistered.Message);
            return new SpawnReply(null, null, null, null, null, notRegistered);
        }

        await GrainFactory.GetGrain<IAgentRunnerGrain>(id)
            .StartAsync(new RunnerAssignment(id, request.Role, request.Profile, request.Capabilities, ParentId, taskId, id, budget.Ledger));
        LogSpawned(logger, id, ParentId, request.Profile, taskId);
        return new SpawnReply(id, id, taskId, tokens, cost, null);
    }

    /// <summary>The share of what the parent's ledger has left (null where the ledger has no limit: then the profile's budgetLimit applies, or none).</summary>
    private static (long? Tokens, decimal? Cost) Share(BudgetSnapshot budget, double share)
    {
        long? tokens = budget.TokenLimit is { } limit
            ? (long)Math.Floor(Math.Max(0, limit - budget.TokensSpent - budget.TokensReserved) * share)
            : null;
        decimal? cost = budget.CostLimitUsd is { } costLimit
            ? Math.Round(Math.Max(0, costLimit - budget.CostSpentUsd - budget.CostReservedUsd) * (decimal)share, 6, MidpointRounding.ToZero)
            : null;
        return (tokens, cost);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spawned subagent {AgentId} for {Parent} with profile {Profile} on task {TaskId}")]
    private static partial void LogSpawned(ILogger logger, string agentId, string parent, string profile, string taskId);
}
