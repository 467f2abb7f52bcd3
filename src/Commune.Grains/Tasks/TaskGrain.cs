using Commune.Agents;
using Commune.Events;
using Commune.Grains.Events;
using Commune.Messages;
using Commune.Models;
using Commune.Grains.Storage;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Tasks;

/// <summary>
/// One task's state machine. Every command runs in one turn (the grain is not reentrant), so a claim is a compare-and-set: exactly one
/// concurrent caller wins. The epoch is the fencing token: it increases on every claim and every loss of one, and a command carrying an
/// older epoch changes nothing. Finishing is written first with an outbox flag, then dependents, parent and pipeline are told, so a
/// crash between the two is repaired by <see cref="RefreshAsync"/> or the next activation. Every write that changes the status, the
/// holder or the epoch is recorded in the audit trail right after it (<see cref="TaskEvents"/>).
/// </summary>
public sealed partial class TaskGrain(
    [PersistentState("task", StorageNames.Default)] IPersistentState<TaskState> state,
    IOptions<TaskOptions> options,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, IIncomingGrainCallFilter
{
    private static readonly TimeSpan SettleRetry = TimeSpan.FromSeconds(5);

    private IGrainTimer? _leaseTimer;
    private IGrainTimer? _settleTimer;
    private TaskSummary? _reported;
    private (string? Agent, long Epoch) _toldHolder;
    private (WorkStatus Status, string? AgentId, long Epoch)? _recorded;
    private CommittedReads<TaskView>? _reads;

    private CommittedReads<TaskView> Reads => _reads ??= new(() => Exists ? View() : null);

    private TaskOptions Options => options.Value;

    private TaskState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => S.Spec is not null;

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The lease the current claim asked for; progress, heartbeats and review verdicts renew it by as much.</summary>
    private TimeSpan LeaseLength => S.LeaseLength ?? Options.LeaseDuration;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reads.Loaded();
        if (!Exists)
        {
            return;
        }

        _toldHolder = (S.Status.IsHeld() ? S.AgentId : null, S.Epoch);
        _recorded = (S.Status, S.AgentId, S.Epoch);
        if (S.Unsettled)
        {
            // In a timer turn, not here: a dependent may be waiting on this activation (reading it), and settling awaits that dependent.
            _settleTimer = this.RegisterGrainTimer(RetrySettleAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
        else if (S.Status.IsHeld())
        {
            await ExpireIfDueAsync();
            ArmLeaseTimer();
        }

        // A silo that died between writing this task and reporting it left the shard with an older summary (a pending task the
        // shard still thinks blocked is never offered): tell the shard what storage says. A shard that is down rebuilds from us anyway.
        try
        {
            await ReportAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReportFailed(logger, ex, Id);
        }
    }

    public async Task<TaskReply> CreateAsync(TaskSpec spec, IReadOnlyList<string> children)
    {
        if (TaskReplays.IsCreated(S, spec, children))
        {
            return TaskReply.Ok(View());
        }

        if (Exists)
        {
            return TaskReply.Refused(TaskErrorCode.AlreadyExists, $"A task with id '{Id}' already exists.");
        }

        var now = Now;
        S.Spec = spec with { Id = Id };
        S.WaitingOn = spec.DependsOn.Distinct(StringComparer.Ordinal).ToList();
        S.Children = children.Distinct(StringComparer.Ordinal).ToList();
        S.ChildrenWaiting = [.. S.Children];
        S.CreatedAt = now;
        S.UpdatedAt = now;
        S.Checkpoint = null;
        SetWaitingStatus();

        // Registered before it is written: a crash in between leaves an index entry that RefreshAsync removes, never a task the index lacks.
        S.Version = 1;
        await Shard.RegisterAsync(Summary());
        await state.WriteStateAsync();
        _recorded = (S.Status, S.AgentId, S.Epoch);
        audit.Record(TaskEvents.Entry(TaskEvents.Created, Id, spec.CreatedBy, S, now));
        LogCreated(logger, Id, S.Status.Name(), S.WaitingOn.Count);
        return TaskReply.Ok(View());
    }

    public Task<TaskView?> GetAsync() => Task.FromResult(Reads.Read());

    /// <summary>Every command runs inside <see cref="CommittedReads{TView}"/>: the interleaving read never shows what is not stored yet.</summary>
    public Task Invoke(IIncomingGrainCallContext context) =>
        context.ImplementationMethod.Name == nameof(GetAsync) ? context.Invoke() : Reads.RunAsync(context.Invoke);

    public async Task<TaskReply> ClaimAsync(string agentId, IReadOnlyList<string> capabilities, TimeSpan? lease)
    {
        if (!Exists)
        {
            return NotFound();
        }

        await ExpireIfDueAsync();
        var spec = S.Spec!;
        if (S.Status.IsHeld() && S.AgentId == agentId)
        {
            // The same agent asking again (a retried request) gets its claim back, not a conflict.
            return TaskReply.Ok(View());
        }

        if (S.Status.IsTerminal())
        {
            return Refuse(TaskErrorCode.Finished, $"Task '{Id}' is {S.Status.Name()}; it cannot be claimed.");
        }

        if (S.Status == WorkStatus.Blocked)
        {
            return Refuse(TaskErrorCode.NotReady, $"Task '{Id}' is blocked: {S.StatusReason}", [.. S.WaitingOn, .. S.ChildrenWaiting, .. S.Broken.Keys]);
        }

        if (S.Status.IsHeld())
        {
            return Refuse(TaskErrorCode.Taken, $"Task '{Id}' is already claimed by '{S.AgentId}' (epoch {S.Epoch}, lease until {S.LeaseExpiresAt:O}).");
        }

        if (spec.RequiredCapability is { } required && !capabilities.Contains(required, StringComparer.Ordinal))
        {
            return Refuse(TaskErrorCode.Invalid, $"Task '{Id}' requires capability '{required}', which agent '{agentId}' did not state.");
        }

        if (lease is { } asked && (asked <= TimeSpan.Zero || asked > Options.MaxLeaseDuration))
        {
            return Refuse(TaskErrorCode.Invalid, $"A lease of {asked.TotalSeconds:0.#} seconds was asked for; leases run from 1 second to Tasks:MaxLeaseDuration ({Options.MaxLeaseDuration.TotalSeconds:0} seconds).");
        }

        var now = Now;
        var window = now - Options.ThrashWindow;
        S.Thrash.RemoveAll(m => m.At < window);
        var marks = S.Thrash.Where(m => m.AgentId == agentId).ToList();
        if (marks.Count >= Options.ThrashLimit)
        {
            var retryAfter = marks.Min(m => m.At) + Options.ThrashWindow - now;
            LogThrottled(logger, agentId, Id, marks.Count);
            return TaskReply.Refused(new TaskError(
                TaskErrorCode.Throttled,
                $"Agent '{agentId}' claimed task '{Id}' and let it go {marks.Count} times in {Options.ThrashWindow.TotalMinutes:0.#} minutes; " +
                "claim it again only with intent to finish it.",
                [],
                retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter));
        }

        var duration = lease ?? Options.LeaseDuration;
        S.Status = WorkStatus.Claimed;
        S.LeaseLength = duration;
        S.StatusReason = null;
        S.AgentId = agentId;
        S.Epoch++;
        S.ClaimedAt = now;
        S.ProgressAt = now;
        S.LeaseExpiresAt = now + duration;
        await SaveAsync();
        ArmLeaseTimer();
        LogClaimed(logger, Id, agentId, S.Epoch);
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> UpdateAsync(TaskUpdate update)
    {
        if (HolderCheck(update.AgentId, update.Epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        if (update.Progress is < 0 or > 100)
        {
            return Refuse(TaskErrorCode.Invalid, $"progress must be between 0 and 100, not {update.Progress}.");
        }

        if (update.Checkpoint is { } checkpoint && Bytes(checkpoint) > Options.MaxCheckpointBytes)
        {
            return Refuse(TaskErrorCode.Invalid, $"The checkpoint is {Bytes(checkpoint)} bytes; the limit is {Options.MaxCheckpointBytes}.");
        }

        if (update.Notes is { Length: > 10_000 })
        {
            return Refuse(TaskErrorCode.Invalid, "notes must be at most 10,000 characters.");
        }

        if (update.Notes is { } notes)
        {
            S.Notes.Add(notes);
            if (S.Notes.Count > Options.MaxNotes)
            {
                S.Notes.RemoveRange(0, S.Notes.Count - Options.MaxNotes);
            }
        }

        S.Progress = update.Progress ?? S.Progress;
        S.Checkpoint = update.Checkpoint ?? S.Checkpoint;
        S.Status = WorkStatus.InProgress;
        S.ProgressAt = Now;
        S.LeaseExpiresAt = Now + LeaseLength;
        await SaveAsync();
        ArmLeaseTimer();
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> RenewAsync(string agentId, long epoch)
    {
        if (HolderCheck(agentId, epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        S.LeaseExpiresAt = Now + LeaseLength;
        await SaveAsync();
        ArmLeaseTimer();
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> ReleaseAsync(string agentId, long epoch, string? reason)
    {
        if (HolderCheck(agentId, epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        LoseClaim("released", reason);
        await SaveAsync();
        LogReturned(logger, Id, agentId, "released");
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> CompleteAsync(string agentId, long epoch, string result)
    {
        if (TaskReplays.IsCompleted(S, agentId, epoch, result))
        {
            return TaskReply.Ok(View());
        }

        if (HolderCheck(agentId, epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        if (Bytes(result) > Options.MaxResultBytes)
        {
            return Refuse(TaskErrorCode.Invalid, $"The result is {Bytes(result)} bytes; the limit is {Options.MaxResultBytes}.");
        }

        var failing = DoneChecks.Failing(S.Spec!.DoneChecks, result, S.Reviews, agentId);
        if (failing.Count > 0)
        {
            return Refuse(TaskErrorCode.DoneChecksFailed, $"The completion of '{Id}' fails {failing.Count} definition-of-done check(s); the task stays in progress.", failing);
        }

        await FinishAsync(WorkStatus.Completed, result, null, "completed");
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> SubmitForReviewAsync(string agentId, long epoch, string result)
    {
        if (TaskReplays.IsSubmitted(S, agentId, epoch, result))
        {
            return TaskReply.Ok(View());
        }

        if (HolderCheck(agentId, epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        if (Bytes(result) > Options.MaxResultBytes)
        {
            return Refuse(TaskErrorCode.Invalid, $"The result is {Bytes(result)} bytes; the limit is {Options.MaxResultBytes}.");
        }

        S.Result = result;
        S.Status = WorkStatus.PendingReview;
        S.StatusReason = $"submitted by '{agentId}'; waiting for another agent's review";
        S.LeaseExpiresAt = null; // The worker waits; no lease runs out while a reviewer reads.
        await SaveAsync();
        DisarmLeaseTimer();
        await PublishAsync(Topics.Reviews, MessageTypes.ReviewRequest, agentId, new { task_id = Id, title = S.Spec!.Title, requested_by = agentId, epoch = S.Epoch });
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> ReviewAsync(string reviewerId, bool approved, IReadOnlyList<string> issues)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (S.Status != WorkStatus.PendingReview)
        {
            return Refuse(TaskErrorCode.WrongState, $"Task '{Id}' is {S.Status.Name()}, not pending_review; there is nothing to review.");
        }

        if (reviewerId == S.AgentId)
        {
            return Refuse(TaskErrorCode.Invalid, $"'{reviewerId}' did the work on '{Id}'; a different agent must review it.");
        }

        var review = new TaskReview(reviewerId, approved, issues, S.Epoch, Now);
        if (approved)
        {
            var failing = DoneChecks.Failing(S.Spec!.DoneChecks, S.Result ?? "", [.. S.Reviews, review], S.AgentId!);
            if (failing.Count > 0)
            {
                return Refuse(TaskErrorCode.DoneChecksFailed, $"Approving '{Id}' would complete it, but it fails {failing.Count} definition-of-done check(s).", failing);
            }

            S.Reviews.Add(review);
            await FinishAsync(WorkStatus.Completed, S.Result!, null, "completed after review");
        }
        else
        {
            S.Reviews.Add(review);
            S.Constraints.Add($"Review by {reviewerId} requested changes: " + (issues.Count == 0 ? "(no issues listed)" : string.Join("; ", issues)));
            S.Status = WorkStatus.InProgress;
            S.StatusReason = "changes requested";
            S.ProgressAt = Now;
            S.LeaseExpiresAt = Now + LeaseLength;
            await SaveAsync();
            ArmLeaseTimer();
        }

        await PublishAsync(Topics.Reviews, MessageTypes.ReviewComplete, reviewerId,
            new { task_id = Id, approved, issues, reviewer = reviewerId, requested_by = S.AgentId });
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> FailAsync(string agentId, long epoch, string error)
    {
        if (TaskReplays.IsFailed(S, agentId, epoch, error))
        {
            return TaskReply.Ok(View());
        }

        if (HolderCheck(agentId, epoch, allowReview: false) is { } refused)
        {
            return refused;
        }

        if (error.Length > 20_000)
        {
            return Refuse(TaskErrorCode.Invalid, "error must be at most 20,000 characters.");
        }

        var now = Now;
        S.FailedAttempts++;
        var number = S.FailedAttempts;

        // Seed 003: the same prompt repeats the same mistake, so the failure travels with the task as a constraint.
        S.Constraints.Add($"Attempt {number} by {agentId} failed: {error}");
        if (number < S.Spec!.MaxAttempts)
        {
            S.Attempts.Add(new TaskAttempt(S.Attempts.Count + 1, agentId, S.Epoch, "failed", error, S.ClaimedAt ?? now, now));
            S.Status = WorkStatus.Pending;
            S.StatusReason = $"attempt {number} of {S.Spec.MaxAttempts} failed; retrying with the failure as context";
            ClearHolder();
            await SaveAsync();
            LogRetrying(logger, Id, number, S.Spec.MaxAttempts);
            return TaskReply.Ok(View());
        }

        // FinishAsync records this last attempt, as it does for every held task that finishes.
        await FinishAsync(WorkStatus.Failed, null, error, $"failed after {number} attempts");
        await EscalateAsync(error);
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> CancelAsync(string? by, string reason)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (S.Status.IsTerminal())
        {
            return Refuse(TaskErrorCode.Finished, $"Task '{Id}' is already {S.Status.Name()}.");
        }

        await FinishAsync(WorkStatus.Cancelled, null, reason, "cancelled" + (by is null ? "" : $" by {by}") + $": {reason}");
        return TaskReply.Ok(View());
    }

    public async Task<TaskReply> AddPartialResultAsync(PartialResult partial)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (!S.Children.Contains(partial.SubtaskId))
        {
            return Refuse(TaskErrorCode.Invalid, $"'{partial.SubtaskId}' is not a subtask of '{Id}'.");
        }

        if (partial.Result is { } result && Bytes(result) > Options.MaxResultBytes)
        {
            return Refuse(TaskErrorCode.Invalid, $"The partial result is {Bytes(result)} bytes; the limit is {Options.MaxResultBytes}.");
        }

        S.PartialResults.Add(partial with { At = Now });
        await SaveAsync();
        return TaskReply.Ok(View());
    }

    public async Task ExpireLeaseAsync()
    {
        if (!Exists)
        {
            return;
        }

        await ExpireIfDueAsync();
        await ReportAsync(force: true);
    }

    public async Task AgentHeartbeatAsync(string agentId, long epoch)
    {
        var reply = await RenewAsync(agentId, epoch);
        if (!reply.Succeeded)
        {
            GrainFactory.GetGrain<IAgentGrain>(agentId).TaskLetGoAsync(Id, epoch).Ignore();
        }
    }

    public async Task<TaskReply> ReleaseForAsync(string agentId, string reason)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (!S.Status.IsHeld() || S.AgentId != agentId)
        {
            return Refuse(TaskErrorCode.WrongState, $"Task '{Id}' is not held by '{agentId}'.");
        }

        LoseClaim("released", reason);
        await SaveAsync();
        LogReturned(logger, Id, agentId, reason);
        return TaskReply.Ok(View());
    }

    public async Task<DependencyState?> AddDependentAsync(string dependentId)
    {
        if (!Exists)
        {
            return null;
        }

        if (!S.Dependents.Contains(dependentId))
        {
            S.Dependents.Add(dependentId);
            S.UpdatedAt = Now;
            await state.WriteStateAsync();
        }

        return new DependencyState(Id, S.Status, S.Status.IsTerminal() ? S.Error ?? S.StatusReason : null);
    }

    public async Task DependencyFinishedAsync(DependencyState dependency)
    {
        if (!Exists || !S.WaitingOn.Contains(dependency.TaskId))
        {
            return;
        }

        S.WaitingOn.Remove(dependency.TaskId);
        await AfterPrerequisiteAsync(dependency, "dependency");
    }

    public async Task<TaskReply> AddChildAsync(string childId)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (S.Children.Contains(childId))
        {
            return TaskReply.Ok(View());
        }

        if (S.Status.IsTerminal() || S.Status.IsHeld())
        {
            return Refuse(TaskErrorCode.WrongState, $"Parent task '{Id}' is {S.Status.Name()}; subtasks can be added only while it is blocked or pending.");
        }

        S.Children.Add(childId);
        S.ChildrenWaiting.Add(childId);
        SetWaitingStatus();
        await SaveAsync();
        return TaskReply.Ok(View());
    }

    public async Task ChildFinishedAsync(DependencyState child, string? result)
    {
        if (!Exists || !S.ChildrenWaiting.Contains(child.TaskId))
        {
            return;
        }

        S.ChildrenWaiting.Remove(child.TaskId);
        if (!S.PartialResults.Any(p => p.SubtaskId == child.TaskId && p.AgentId is null))
        {
            S.PartialResults.Add(new PartialResult(child.TaskId, null, child.Status.Name(), child.Status == WorkStatus.Completed ? result : null, Now));
        }

        await AfterPrerequisiteAsync(child, "subtask");
    }

    public async Task RefreshAsync()
    {
        if (!Exists)
        {
            await Shard.ForgetAsync(Id);
            return;
        }

        if (S.Status == WorkStatus.Blocked)
        {
            // A completion message lost with a silo would leave this task waiting forever: ask the prerequisites directly.
            foreach (var id in S.WaitingOn.ToList())
            {
                if (await GrainFactory.GetGrain<ITaskGrain>(id).GetAsync() is { } dep && dep.Status.IsTerminal())
                {
                    await DependencyFinishedAsync(new DependencyState(id, dep.Status, dep.Error ?? dep.StatusReason));
                }
            }

            foreach (var id in S.ChildrenWaiting.ToList())
            {
                if (await GrainFactory.GetGrain<ITaskGrain>(id).GetAsync() is { } child && child.Status.IsTerminal())
                {
                    await ChildFinishedAsync(new DependencyState(id, child.Status, child.Error ?? child.StatusReason), child.Result);
                }
            }
        }

        if (S.Unsettled)
        {
            await SettleAsync();
        }

        await ExpireIfDueAsync();
        await ReportAsync(force: true);
    }

    private ITaskQueueGrain Shard => GrainFactory.GetGrain<ITaskQueueGrain>(TaskShards.Of(Id, Options.QueueShards));

    private async Task AfterPrerequisiteAsync(DependencyState prerequisite, string kind)
    {
        if (S.Status.IsTerminal())
        {
            await SaveAsync();
            return;
        }

        if (prerequisite.Status != WorkStatus.Completed)
        {
            var why = $"{kind} '{prerequisite.TaskId}' {prerequisite.Status.Name()}" + (prerequisite.Reason is { } r ? $": {r}" : "");
            S.Broken[prerequisite.TaskId] = why;
            if (Options.OnDependencyFailure == DependencyFailurePolicy.Fail)
            {
                await FinishAsync(WorkStatus.Failed, null, why, "failed because " + why);
                return;
            }
        }

        SetWaitingStatus();
        if (S.Status == WorkStatus.Pending && S.Children.Count > 0)
        {
            // Decomposition: a parent whose subtasks are all done completes with their results, in the order they were added.
            await FinishAsync(WorkStatus.Completed, Aggregation.Of(S.Children, S.PartialResults), null, "all subtasks completed");
            return;
        }

        await SaveAsync();
    }

    /// <summary>Blocked while anything is unfinished or broken; pending otherwise. Only for tasks nobody holds.</summary>
    private void SetWaitingStatus()
    {
        if (S.Status.IsHeld() || S.Status.IsTerminal())
        {
            return;
        }

        var parts = new List<string>();
        if (S.WaitingOn.Count > 0)
        {
            parts.Add($"waiting on {S.WaitingOn.Count} dependenc{(S.WaitingOn.Count == 1 ? "y" : "ies")}");
        }

        if (S.ChildrenWaiting.Count > 0)
        {
            parts.Add($"waiting on {S.ChildrenWaiting.Count} subtask{(S.ChildrenWaiting.Count == 1 ? "" : "s")}");
        }

        parts.AddRange(S.Broken.Values);
        S.Status = parts.Count > 0 ? WorkStatus.Blocked : WorkStatus.Pending;
        S.StatusReason = parts.Count > 0 ? string.Join("; ", parts) : null;
    }

    private TaskReply? HolderCheck(string agentId, long? epoch, bool allowReview)
    {
        if (!Exists)
        {
            return NotFound();
        }

        if (epoch is { } e && e != S.Epoch)
        {
            return Refuse(TaskErrorCode.StaleEpoch, $"Epoch {e} is stale: task '{Id}' is at epoch {S.Epoch} ({S.Status.Name()}" +
                (S.AgentId is { } holder && S.Status.IsHeld() ? $", held by '{holder}'" : "") + "). Nothing was changed.");
        }

        if (S.Status.IsTerminal())
        {
            return Refuse(TaskErrorCode.Finished, $"Task '{Id}' is already {S.Status.Name()}.");
        }

        if (!S.Status.IsHeld() || S.AgentId != agentId)
        {
            return Refuse(TaskErrorCode.WrongState, S.Status.IsHeld()
                ? $"Task '{Id}' is held by '{S.AgentId}', not '{agentId}'."
                : $"Task '{Id}' is {S.Status.Name()}; claim it first.");
        }

        if (!allowReview && S.Status == WorkStatus.PendingReview)
        {
            return Refuse(TaskErrorCode.WrongState, $"Task '{Id}' is pending review; a reviewer approves it or requests changes.");
        }

        return null;
    }

    private async Task ExpireIfDueAsync()
    {
        if (S.Status is WorkStatus.Claimed or WorkStatus.InProgress && S.LeaseExpiresAt is { } until && until <= Now)
        {
            var agent = S.AgentId!;
            LoseClaim("expired", $"lease expired at {until:O}");
            await SaveAsync();
            LogReturned(logger, Id, agent, "lease expired");
        }
    }

    /// <summary>Back to pending (keeping the checkpoint) with a new epoch, so the late holder is fenced off.</summary>
    private void LoseClaim(string outcome, string? reason)
    {
        var now = Now;
        var agent = S.AgentId!;
        S.Attempts.Add(new TaskAttempt(S.Attempts.Count + 1, agent, S.Epoch, outcome, reason, S.ClaimedAt ?? now, now));
        S.Thrash.Add(new ThrashMark(agent, now));
        S.Status = WorkStatus.Pending;
        S.StatusReason = $"{outcome} by {agent}" + (reason is null ? "" : $": {reason}");
        ClearHolder();
    }

    private void ClearHolder()
    {
        S.AgentId = null;
        S.Epoch++;
        S.LeaseExpiresAt = null;
        S.LeaseLength = null;
        S.ClaimedAt = null;
        S.ProgressAt = null;
        DisarmLeaseTimer();
    }

    /// <summary>Writes the terminal status with the outbox flag set, then tells everyone who waits on this task.</summary>
    private async Task FinishAsync(WorkStatus status, string? result, string? error, string reason)
    {
        var now = Now;
        if (S.Status.IsHeld() && S.AgentId is { } agent)
        {
            S.Attempts.Add(new TaskAttempt(S.Attempts.Count + 1, agent, S.Epoch, status.Name(), error, S.ClaimedAt ?? now, now));
        }

        S.Status = status;
        S.StatusReason = reason;
        S.Result = result ?? S.Result;
        S.Error = error;
        S.CompletedAt = now;
        S.LeaseExpiresAt = null;
        if (status != WorkStatus.Completed)
        {
            S.Epoch++; // A failure or cancellation fences off whoever held it.
        }

        S.Unsettled = S.Dependents.Count > 0 || S.Spec!.ParentId is not null || S.Spec.PipelineId is not null;
        DisarmLeaseTimer();
        await SaveAsync();
        LogFinished(logger, Id, status.Name(), reason);
        if (S.Unsettled)
        {
            await SettleAsync();
        }
    }

    private async Task SettleAsync()
    {
        var me = new DependencyState(Id, S.Status, S.Error ?? (S.Status == WorkStatus.Completed ? null : S.StatusReason));
        try
        {
            foreach (var dependent in S.Dependents)
            {
                await GrainFactory.GetGrain<ITaskGrain>(dependent).DependencyFinishedAsync(me);
            }

            if (S.Spec!.ParentId is { } parent)
            {
                await GrainFactory.GetGrain<ITaskGrain>(parent).ChildFinishedAsync(me, S.Result);
            }

            if (S.Spec.PipelineId is { } pipeline)
            {
                await GrainFactory.GetGrain<IPipelineGrain>(pipeline).StageFinishedAsync(me, S.Result);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Every receiver ignores repeats, so the whole outbox is simply sent again.
            LogSettleFailed(logger, ex, Id);
            _settleTimer?.Dispose();
            _settleTimer = this.RegisterGrainTimer(RetrySettleAsync, new GrainTimerCreationOptions(SettleRetry, Timeout.InfiniteTimeSpan));
            return;
        }

        // Only the shard hears that the outbox is empty: storage keeps "unsettled" until the task's next write, so after a
        // reactivation it tells everyone again, which every receiver ignores. One write per finish instead of two. The version still
        // moves, so a shard rebuilt from storage's "unsettled" takes this newer "settled" and stops poking.
        S.Unsettled = false;
        S.Version++;
        await ReportAsync();
    }

    private Task RetrySettleAsync(CancellationToken cancellationToken) => S.Unsettled ? Reads.RunAsync(SettleAsync) : Task.CompletedTask;

    private async Task EscalateAsync(string error)
    {
        var escalationId = $"task:{Id}:{S.Epoch}";
        var reason = $"Task '{Id}' ({S.Spec!.Title}) failed all {S.FailedAttempts} attempts; last error: {Truncate(error, 500)} — needs help";
        await GrainFactory.GetGrain<IEscalationLogGrain>(IEscalationLogGrain.Key)
            .RecordAsync(new Escalation(escalationId, "task:" + Id, reason, null, null, null, Now, Id));
        await PublishAsync(Topics.Orchestrators, MessageTypes.RequestHelp, "commune:tasks", new
        {
            task_id = Id,
            title = S.Spec.Title,
            attempts = S.FailedAttempts,
            errors = S.Attempts.Where(a => a.Outcome == "failed").Select(a => new { agent_id = a.AgentId, error = a.Error }).ToArray(),
            escalation_id = escalationId,
        }, messageId: $"request_help:{Id}:{S.Epoch}");
    }

    private async Task PublishAsync(string topic, string type, string from, object payload, string? messageId = null)
    {
        var message = new MessageEnvelope(
            messageId ?? $"{type}:{Id}:{S.Version}",
            type,
            from,
            null,
            topic,
            TaskJson.Serialize(payload),
            System.Diagnostics.Activity.Current?.TraceId.ToString(),
            Now,
            MessageEnvelope.CurrentSchemaVersion,
            0);
        await GrainFactory.GetGrain<ITopicGrain>(topic).PublishAsync(message);
        await GrainFactory.GetGrain<ITopicGrain>(Topics.ForTask(Id)).PublishAsync(message);
    }

    private async Task SaveAsync()
    {
        S.Version++;
        S.UpdatedAt = Now;
        await state.WriteStateAsync();
        RecordTransition();
        TellHolders();
        await ReportAsync();
    }

    /// <summary>Records the write just made if it changed the status, the holder or the epoch; nothing is awaited.</summary>
    private void RecordTransition()
    {
        var previous = _recorded;
        if (previous == (S.Status, S.AgentId, S.Epoch))
        {
            return;
        }

        _recorded = (S.Status, S.AgentId, S.Epoch);

        // The agent it concerns: the holder, or the one who just lost the claim (released, expired, failed an attempt).
        var actor = S.AgentId ?? previous?.AgentId;
        audit.Record(TaskEvents.Entry(TaskEvents.KindOf(S.Status), Id, actor, S, S.UpdatedAt));
    }

    /// <summary>Tells the agent that lost the task and the one that gained it (one-way: agents never make a task wait).</summary>
    private void TellHolders()
    {
        var holder = S.Status.IsHeld() ? S.AgentId : null;
        var told = _toldHolder;
        if (holder == told.Agent && (holder is null || S.Epoch == told.Epoch))
        {
            return;
        }

        if (told.Agent is not null)
        {
            GrainFactory.GetGrain<IAgentGrain>(told.Agent).TaskLetGoAsync(Id, told.Epoch).Ignore();
        }

        if (holder is not null)
        {
            GrainFactory.GetGrain<IAgentGrain>(holder).TaskHeldAsync(Id, S.Epoch).Ignore();
        }

        _toldHolder = (holder, S.Epoch);
    }

    /// <summary>
    /// Tells the shard, unless nothing it keeps has changed (a dependency completing while others are still unfinished).
    /// <paramref name="force"/>: the shard asked (it may have lost what it was told), so it hears it again.
    /// </summary>
    private Task ReportAsync(bool force = false)
    {
        var summary = Summary();
        var unchanged = !force && _reported is { } last && last with { Version = summary.Version, UpdatedAt = summary.UpdatedAt } == summary;
        _reported = summary;
        return unchanged ? Task.CompletedTask : Shard.UpdateAsync(summary);
    }

    private void ArmLeaseTimer()
    {
        DisarmLeaseTimer();
        if (S.Status is WorkStatus.Claimed or WorkStatus.InProgress && S.LeaseExpiresAt is { } until)
        {
            var due = until - Now;
            _leaseTimer = this.RegisterGrainTimer(OnLeaseTimerAsync, new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan));
        }
    }

    private void DisarmLeaseTimer()
    {
        _leaseTimer?.Dispose();
        _leaseTimer = null;
    }

    private Task OnLeaseTimerAsync(CancellationToken cancellationToken) => Reads.RunAsync(ExpireIfDueAsync);

    private TaskReply NotFound() => TaskReply.Refused(TaskErrorCode.NotFound, $"There is no task '{Id}'.");

    private TaskReply Refuse(TaskErrorCode code, string message, params IReadOnlyList<string> details) =>
        TaskReply.Refused(TaskError.Of(code, message, details), Exists ? View() : null);

    private static int Bytes(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private TaskSummary Summary() => new(
        Id, S.Spec!.Title, S.Status, S.Spec.Priority, S.Spec.Tags, S.Spec.RequiredCapability, S.Spec.Role, S.AgentId, S.Epoch,
        S.LeaseExpiresAt, S.CreatedAt, S.UpdatedAt, S.Version, S.Spec.ParentId, S.Unsettled, S.Status.IsHeld() ? S.ProgressAt : null);

    private TaskView View() => new(
        S.Spec!, S.Status, S.StatusReason, [.. S.WaitingOn, .. S.ChildrenWaiting], [.. S.Dependents], [.. S.Children], S.AgentId, S.Epoch,
        S.LeaseExpiresAt, S.FailedAttempts, [.. S.Attempts], [.. S.Constraints], [.. S.Notes], S.Progress, S.Checkpoint, S.Result, S.Error,
        [.. S.Reviews], [.. S.PartialResults], S.CreatedAt, S.UpdatedAt, S.CompletedAt, S.Version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Created task {TaskId} ({Status}, waiting on {Dependencies} dependencies)")]
    private static partial void LogCreated(ILogger logger, string taskId, string status, int dependencies);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claimed {TaskId} for {AgentId} at epoch {Epoch}")]
    private static partial void LogClaimed(ILogger logger, string taskId, string agentId, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} returned to pending from {AgentId}: {Why}")]
    private static partial void LogReturned(ILogger logger, string taskId, string agentId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Throttled {AgentId} on {TaskId}: {Count} claims released or expired")]
    private static partial void LogThrottled(ILogger logger, string agentId, string taskId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} attempt {Attempt} of {MaxAttempts} failed; back to pending with the failure as context")]
    private static partial void LogRetrying(ILogger logger, string taskId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} {Status}: {Reason}")]
    private static partial void LogFinished(ILogger logger, string taskId, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} could not report to its shard on activation; the shard refreshes it when it comes back")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} could not tell all its dependents yet; retrying")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string taskId);
}
