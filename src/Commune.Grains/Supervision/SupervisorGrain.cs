using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Grains.Tasks;
using Commune.Messages;
using Commune.Providers.Profiles;
using Commune.Supervision;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Supervision;

/// <summary>
/// The supervisor. A grain timer sweeps every <see cref="SupervisorOptions.SweepInterval"/> while the grain is active; a one-minute
/// reminder reactivates it after its silo dies (and every silo pokes it at start-up), so supervision survives restarts. A sweep releases
/// the tasks of offline agents, flags stuck tasks once per epoch, and keeps each pool between its bounds. Every step is idempotent, so a
/// sweep repeated by the reminder and the timer, or cut short by a crash, does no harm. Not reentrant: sweeps and pool commands take turns.
/// </summary>
public sealed partial class SupervisorGrain(
    [PersistentState("supervisor", StorageNames.Default)] IPersistentState<SupervisorState> state,
    IOptions<SupervisorOptions> options,
    IOptions<FleetOptions> fleet,
    ProfileCatalog profiles,
    TimeProvider time,
    ILogger<SupervisorGrain> logger) : Grain, ISupervisorGrain, IRemindable
{
    private const string ReminderName = "supervisor-sweep";
    private const int ScanLimit = 10_000;
    private const int ReleasesKept = 100;
    private const string From = "commune:supervisor";

    private IReadOnlyList<StuckTask> _stuckNow = [];
    private string? _lastError;
    private bool _dirty;

    private SupervisorState S => state.State;

    private SupervisorOptions Options => options.Value;

    private DateTimeOffset Now => time.GetUtcNow();

    private IAgentBoardGrain Agents => GrainFactory.GetGrain<IAgentBoardGrain>(0);

    private ITaskBoardGrain Tasks => GrainFactory.GetGrain<ITaskBoardGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The reminder is the backstop that brings the supervisor back; the timer is the sweep's real pace.
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(Options.SweepInterval, Options.SweepInterval));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepOnceAsync();

    public Task StartAsync() => Task.CompletedTask;

    public async Task<SupervisorReport> SweepAsync()
    {
        await SweepOnceAsync();
        return Report();
    }

    public Task<SupervisorReport> ReportAsync() => Task.FromResult(Report());

    public async Task<PoolReply> DeclarePoolAsync(PoolSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Max > Options.MaxPoolSize)
        {
            return PoolReply.Refused(AgentErrorCode.Invalid, $"max is {spec.Max}; {SupervisorOptions.SectionName}:MaxPoolSize allows at most {Options.MaxPoolSize}.");
        }

        var profile = spec.Profile ?? Options.DefaultProfile;
        if (!profiles.Current.TryGet(profile, out _))
        {
            var known = string.Join(", ", profiles.Current.Profiles.Keys.Order(StringComparer.Ordinal));
            return PoolReply.Refused(AgentErrorCode.Invalid, $"There is no profile '{profile}'. Profiles: {known}.", profile);
        }

        var created = !S.Pools.TryGetValue(spec.Name, out var pool);
        if (pool is not null && pool.Spec.Role != spec.Role)
        {
            return PoolReply.Refused(AgentErrorCode.Conflict,
                $"Pool '{spec.Name}' has role '{pool.Spec.Role}'; delete it before declaring it with role '{spec.Role}'.", spec.Name);
        }

        pool ??= new PoolState { DeclaredAt = Now };
        pool.Spec = spec with { Profile = profile, Capabilities = [.. spec.Capabilities.Distinct(StringComparer.Ordinal)] };
        S.Pools[spec.Name] = pool;
        await state.WriteStateAsync();
        LogPoolDeclared(logger, spec.Name, spec.Role, spec.Min, spec.Max);
        return PoolReply.Ok(await ViewAsync(pool, null), created);
    }

    public async Task<PoolView?> GetPoolAsync(string name) =>
        S.Pools.TryGetValue(name, out var pool) ? await ViewAsync(pool, null) : null;

    public async Task<IReadOnlyList<PoolView>> ListPoolsAsync()
    {
        var views = new List<PoolView>();
        foreach (var pool in S.Pools.Values.OrderBy(p => p.Spec.Name, StringComparer.Ordinal))
        {
            views.Add(await ViewAsync(pool, null));
        }

        return views;
    }

    public async Task<PoolReply> DeletePoolAsync(string name)
    {
        if (!S.Pools.Remove(name, out var pool))
        {
            return PoolReply.Refused(AgentErrorCode.NotFound, $"There is no pool '{name}'.", name);
        }

        await state.WriteStateAsync();
        var members = await MembersAsync(name);
        foreach (var member in members.Where(m => !m.Ended))
        {
            await GrainFactory.GetGrain<IAgentGrain>(member.Id).EndAsync($"pool '{name}' deleted");
        }

        LogPoolDeleted(logger, name, members.Count(m => !m.Ended));
        return PoolReply.Ok(await ViewAsync(pool, Now));
    }

    private Task OnTimerAsync(CancellationToken cancellationToken) => SweepOnceAsync();

    private async Task SweepOnceAsync()
    {
        try
        {
            await ReleaseOfflineAsync();
            await FlagStuckAsync();
            await KeepPoolsAsync();
            _lastError = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next sweep tries again from scratch; every step is idempotent.
            _lastError = ex.GetType().Name + ": " + ex.Message;
            LogSweepFailed(logger, ex);
        }

        S.LastSweepAt = Now;
        S.Sweeps++;
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync();
        }
    }

    /// <summary>Offline agents (missed heartbeats, said so, or ended) still holding tasks: each task goes back to pending with its checkpoint.</summary>
    private async Task ReleaseOfflineAsync()
    {
        var offline = await Agents.QueryAsync(new AgentQuery(null, AgentStatus.Offline, null, null, ScanLimit));
        foreach (var entry in offline.Where(e => e.HeldTasks > 0))
        {
            var agent = GrainFactory.GetGrain<IAgentGrain>(entry.Id);
            if (await agent.GetAsync() is not { Status: AgentStatus.Offline } view)
            {
                continue; // came back since the directory looked
            }

            foreach (var taskId in view.HeldTasks)
            {
                var reply = await GrainFactory.GetGrain<ITaskGrain>(taskId).ReleaseForAsync(entry.Id, $"agent offline ({view.StatusReason})");
                if (reply.Succeeded)
                {
                    S.RecentReleases.Add(new ReleasedTask(taskId, entry.Id, reply.Task!.Epoch, Now));
                    if (S.RecentReleases.Count > ReleasesKept)
                    {
                        S.RecentReleases.RemoveRange(0, S.RecentReleases.Count - ReleasesKept);
                    }

                    _dirty = true;
                    LogReleased(logger, taskId, entry.Id, reply.Task.Epoch);
                }
                else if (reply.Error!.Code is TaskErrorCode.WrongState or TaskErrorCode.NotFound or TaskErrorCode.Finished)
                {
                    // The agent's list is behind the task (a one-way "let go" was lost): the task is the truth.
                    agent.TaskLetGoAsync(taskId, long.MaxValue).Ignore();
                }
            }
        }
    }

    /// <summary>Held tasks with no progress past <see cref="SupervisorOptions.StuckAfter"/>: flagged, and request_help published once per epoch.</summary>
    private async Task FlagStuckAsync()
    {
        var now = Now;
        var held = (await Tasks.ListAsync(WorkStatus.Claimed, null, ScanLimit)).Concat(await Tasks.ListAsync(WorkStatus.InProgress, null, ScanLimit)).ToList();
        var stuck = new List<StuckTask>();
        foreach (var task in held)
        {
            if (task.AgentId is not { } agent || task.ProgressAt is not { } progressAt || now - progressAt < Options.StuckAfter)
            {
                continue;
            }

            if (!S.Stuck.TryGetValue(task.Id, out var mark) || mark.Epoch != task.Epoch)
            {
                mark = new StuckTask(task.Id, agent, task.Epoch, progressAt, now);
                await PublishHelpAsync(task, mark);
                S.Stuck[task.Id] = mark;
                _dirty = true;
                LogStuck(logger, task.Id, agent, progressAt);
            }

            stuck.Add(mark with { ProgressAt = progressAt });
        }

        // A mark lives as long as its claim, so a task that stalls again in the same epoch is not announced twice.
        var current = held.ToDictionary(t => t.Id, t => t.Epoch, StringComparer.Ordinal);
        foreach (var id in S.Stuck.Keys.Where(id => !current.TryGetValue(id, out var epoch) || epoch != S.Stuck[id].Epoch).ToList())
        {
            S.Stuck.Remove(id);
            _dirty = true;
        }

        _stuckNow = stuck;
    }

    private async Task PublishHelpAsync(TaskSummary task, StuckTask mark)
    {
        var payload = TaskJson.Serialize(new
        {
            task_id = task.Id,
            title = task.Title,
            reason = "stuck",
            agent_id = mark.AgentId,
            epoch = mark.Epoch,
            no_progress_since = mark.ProgressAt,
            stuck_seconds = Math.Round((mark.FlaggedAt - mark.ProgressAt).TotalSeconds),
        });
        var message = new MessageEnvelope(
            $"request_help:stuck:{task.Id}:{task.Epoch}", MessageTypes.RequestHelp, From, null, Topics.Orchestrators, payload,
            System.Diagnostics.Activity.Current?.TraceId.ToString(), Now, MessageEnvelope.CurrentSchemaVersion, 0);
        await GrainFactory.GetGrain<ITopicGrain>(Topics.Orchestrators).PublishAsync(message);
        await GrainFactory.GetGrain<ITopicGrain>(Topics.ForTask(task.Id)).PublishAsync(message with { Topic = Topics.ForTask(task.Id) });
    }

    private async Task KeepPoolsAsync()
    {
        if (S.Pools.Count == 0)
        {
            return;
        }

        var pending = await Tasks.ListAsync(WorkStatus.Pending, null, ScanLimit);
        foreach (var pool in S.Pools.Values.ToList())
        {
            await KeepPoolAsync(pool, pending);
        }
    }

    private async Task KeepPoolAsync(PoolState pool, IReadOnlyList<TaskSummary> pending)
    {
        var spec = pool.Spec;
        var now = Now;
        var members = await MembersAsync(spec.Name);

        // A worker that stopped heartbeating lost its runner: end it (its tasks are released next sweep) and count it as gone.
        foreach (var lost in members.Where(m => !m.Ended && m.Status == AgentStatus.Offline))
        {
            await GrainFactory.GetGrain<IAgentGrain>(lost.Id).EndAsync("offline: replaced by the supervisor");
        }

        var live = members.Where(m => !m.Ended && m.Status != AgentStatus.Offline).ToList();
        foreach (var quiet in live.Where(m => now - m.LastHeartbeat > fleet.Value.HeartbeatInterval))
        {
            GrainFactory.GetGrain<IAgentRunnerGrain>(quiet.Id).PokeAsync().Ignore();
        }

        var waiting = pending.Count(t => PoolRules.Fits(spec, t));
        var (action, reason, add, retire) = PoolRules.Decide(spec, live, waiting, spec.IdleRetire ?? Options.IdleRetire, now);
        var added = new List<string>();
        for (var i = 0; i < add; i++)
        {
            added.Add(await StartWorkerAsync(pool));
        }

        foreach (var id in retire)
        {
            await GrainFactory.GetGrain<IAgentGrain>(id).EndAsync("idle: retired by the supervisor");
        }

        if (action != ScalingDecision.Hold || pool.LastDecision is null)
        {
            pool.LastDecision = new ScalingDecision(action, reason, live.Count, waiting, added, retire, now);
            _dirty = true;
        }

        if (action != ScalingDecision.Hold)
        {
            LogScaled(logger, spec.Name, action, reason);
        }
    }

    private async Task<string> StartWorkerAsync(PoolState pool)
    {
        var spec = pool.Spec;
        var id = $"{spec.Name}-{++pool.LastWorker}";
        _dirty = true;
        var registration = new AgentRegistration(id, spec.Role, spec.Profile, spec.Capabilities, 1, Pool: spec.Name);
        var reply = await GrainFactory.GetGrain<IAgentGrain>(id).RegisterAsync(registration);
        if (reply.Error is { } error)
        {
            throw new InvalidOperationException($"Registering pool worker '{id}' failed: {error.Message}");
        }

        await GrainFactory.GetGrain<IAgentRunnerGrain>(id)
            .StartAsync(new RunnerAssignment(id, spec.Role, spec.Profile!, spec.Capabilities, null, null, null));
        return id;
    }

    private Task<IReadOnlyList<AgentEntry>> MembersAsync(string pool) => Agents.QueryAsync(new AgentQuery(null, null, null, pool, ScanLimit));

    private async Task<PoolView> ViewAsync(PoolState pool, DateTimeOffset? deletedAt)
    {
        var members = await MembersAsync(pool.Spec.Name);
        return new PoolView(
            pool.Spec,
            [.. members.Select(m => new PoolMember(m.Id, m.Status, m.CurrentTask, m.StatusSince, m.Ended))],
            pool.LastDecision,
            pool.DeclaredAt,
            deletedAt);
    }

    private SupervisorReport Report() => new(
        S.LastSweepAt, S.Sweeps, [.. S.RecentReleases], _stuckNow, [.. S.Pools.Keys.Order(StringComparer.Ordinal)], _lastError);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool} declared: role {Role}, {Min} to {Max} workers")]
    private static partial void LogPoolDeclared(ILogger logger, string pool, string role, int min, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool} deleted; retired {Workers} workers")]
    private static partial void LogPoolDeleted(ILogger logger, string pool, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {TaskId} from offline agent {AgentId}; now at epoch {Epoch}")]
    private static partial void LogReleased(ILogger logger, string taskId, string agentId, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} held by {AgentId} is stuck: no progress since {ProgressAt}")]
    private static partial void LogStuck(ILogger logger, string taskId, string agentId, DateTimeOffset progressAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: {Action} ({Reason})")]
    private static partial void LogScaled(ILogger logger, string pool, string action, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor sweep failed; the next sweep retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
