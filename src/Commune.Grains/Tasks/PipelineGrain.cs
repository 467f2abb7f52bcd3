using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Tasks;

/// <summary>
/// A staged pipeline (seed 002's pipeline pattern). Each stage is an ordinary task with the stage's role, created through the board only
/// when the stage before it completed, with that stage's result as its input. A failed or cancelled stage stops the pipeline with its
/// error; later stages are never created.
/// <para>
/// Order of effects: the pipeline's state names the next stage (and its task id) and is written <em>before</em> the task is created, so
/// any notification from that task finds it expected. Creation is idempotent: the task id is fixed (<c>{pipeline}.{index}.{stage}</c>) and
/// the board's AlreadyExists for a task of this pipeline counts as created. A creation that threw is retried by a timer, by the stage
/// task's outbox (it repeats <see cref="StageFinishedAsync"/> until it returns), and on the next activation.
/// </para>
/// <para>
/// Deadlocks: the grain is not reentrant, and <see cref="StageFinishedAsync"/> arrives awaited from inside the finishing task's turn, so
/// it never awaits that task (creating the <em>next</em> stage's task is a different grain; reading an existing one uses the task's
/// interleaving GetAsync). <see cref="CancelAsync"/> is the one place that awaits a stage task whose turn calls back here: it marks the
/// pipeline cancelled and writes that first, then calls the task's CancelAsync inside <c>RequestContext.AllowCallChainReentrancy()</c>, so
/// only the callback belonging to that very call chain may interleave (it finds the pipeline over and just records how the stage ended,
/// while this turn is parked on the call, not writing). Nothing else interleaves, so writes never overlap.
/// </para>
/// </summary>
public sealed partial class PipelineGrain(
    [PersistentState("pipeline", StorageNames.Default)] IPersistentState<PipelineState> state,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<PipelineGrain> logger) : Grain, IPipelineGrain
{
    private static readonly TimeSpan CreateRetry = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retryTimer;

    private PipelineState S => state.State;

    private PipelineSpec Spec => S.Spec!;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => S.Spec is not null;

    private bool CurrentNeedsCreating => Exists && S.Status == PipelineStatus.Running && !S.Stages[S.Current].Created;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (CurrentNeedsCreating)
        {
            // A crash between writing the next stage and creating its task: create it soon, outside activation.
            ArmRetry(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<PipelineReply> StartAsync(PipelineSpec spec)
    {
        spec = spec with { Id = Id };
        if (Exists && TaskJson.Serialize(S.Spec!) == TaskJson.Serialize(spec))
        {
            // A retry of the start that was applied (its answer lost to a timeout or a 503): the same success again.
            return PipelineReply.Ok(View());
        }

        if (Exists)
        {
            return PipelineReply.Refused(TaskErrorCode.AlreadyExists, $"A pipeline with id '{Id}' already exists.", View());
        }

        var problems = PipelineSpecValidator.Problems(spec, options.Value).ToList();
        if (problems.Count > 0)
        {
            return new PipelineReply(null, new TaskError(TaskErrorCode.Invalid, "The pipeline is not valid: " + string.Join(" ", problems), problems));
        }

        var now = time.GetUtcNow();
        S.Spec = spec;
        S.Status = PipelineStatus.Running;
        S.Stages = [.. spec.Stages.Select(_ => new PipelineStageState())];
        S.CreatedAt = now;
        BeginStage(0);
        await SaveAsync();
        LogStarted(logger, Id, spec.Stages.Count);
        try
        {
            await CreateCurrentAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The pipeline is stored and running; the first stage's task follows as soon as the board answers.
            LogCreateFailed(logger, ex, Id, S.Current);
            ArmRetry(CreateRetry);
        }

        return PipelineReply.Ok(View());
    }

    public async Task<PipelineView?> GetAsync()
    {
        if (!Exists)
        {
            return null;
        }

        var view = View();
        if (S.Status == PipelineStatus.Running && S.Stages[S.Current] is { Created: true, TaskId: { } taskId } current && current.Status?.IsTerminal() != true)
        {
            // The running stage's live status (claimed, in progress, …): the pipeline only hears of creation and the end. Both calls interleave.
            if (await GrainFactory.GetGrain<ITaskGrain>(taskId).GetAsync() is { } task)
            {
                var stages = view.Stages.ToArray();
                stages[S.Current] = stages[S.Current] with { Status = task.Status };
                view = view with { Stages = stages };
            }
        }

        return view;
    }

    public async Task StageFinishedAsync(DependencyState stage, string? result)
    {
        if (!Exists || !stage.Status.IsTerminal())
        {
            return;
        }

        var index = S.Stages.FindIndex(s => s.TaskId == stage.TaskId);
        if (index < 0)
        {
            LogUnknownStage(logger, Id, stage.TaskId);
            return;
        }

        var finished = S.Stages[index];
        if (finished.Status?.IsTerminal() == true)
        {
            // A repeat: already applied. If the next stage's creation was interrupted, finish it now.
            await CreateCurrentOrThrowAsync();
            return;
        }

        finished.Created = true;
        finished.Status = stage.Status;
        finished.Output = stage.Status == WorkStatus.Completed ? result : null;
        finished.Error = stage.Status == WorkStatus.Completed ? null : stage.Reason;
        var name = Spec.Stages[index].Name;
        if (S.Status != PipelineStatus.Running || index != S.Current)
        {
            // The pipeline is already over (cancelled while this stage ran): record how the stage ended, nothing more.
            await SaveAsync();
            return;
        }

        if (stage.Status != WorkStatus.Completed)
        {
            S.Status = PipelineStatus.Failed;
            S.Error = stage.Reason ?? $"stage '{name}' {stage.Status.Name()}";
            S.FailedStage = name;
            await SaveAsync();
            LogFailed(logger, Id, name, S.Error);
            return;
        }

        if (index == S.Stages.Count - 1)
        {
            S.Status = PipelineStatus.Completed;
            S.Output = result;
            await SaveAsync();
            LogCompleted(logger, Id);
            return;
        }

        BeginStage(index + 1);
        await SaveAsync();
        await CreateCurrentOrThrowAsync();
    }

    public async Task<PipelineReply> CancelAsync(string reason)
    {
        if (!Exists)
        {
            return PipelineReply.Refused(TaskErrorCode.NotFound, $"There is no pipeline '{Id}'.");
        }

        if (S.Status != PipelineStatus.Running)
        {
            return PipelineReply.Refused(TaskErrorCode.Finished, $"Pipeline '{Id}' is already {S.Status.Name()}.", View());
        }

        S.Status = PipelineStatus.Cancelled;
        S.Error = reason;
        DisarmRetry();
        await SaveAsync();
        LogCancelled(logger, Id, reason);

        var current = S.Stages[S.Current];
        if (current.TaskId is not { } taskId || current.Status?.IsTerminal() == true)
        {
            return PipelineReply.Ok(View());
        }

        // The task's CancelAsync tells this pipeline (StageFinishedAsync) before it returns, while this turn awaits it: without call-chain
        // reentrancy that callback would wait behind this turn and both would hang until the call timed out. See the class summary.
        TaskReply reply;
        using (RequestContext.AllowCallChainReentrancy())
        {
            reply = await GrainFactory.GetGrain<ITaskGrain>(taskId).CancelAsync("pipeline:" + Id, reason);
        }

        if (reply.Task is { } task && task.Status.IsTerminal() && current.Status?.IsTerminal() != true)
        {
            current.Status = task.Status;
            current.Output = task.Status == WorkStatus.Completed ? task.Result : null;
            current.Error = task.Status == WorkStatus.Completed ? null : task.Error;
            await SaveAsync();
        }

        return PipelineReply.Ok(View());
    }

    private ITaskBoardGrain Board => GrainFactory.GetGrain<ITaskBoardGrain>(0);

    private static string TaskIdOf(string pipelineId, int index, string stageName) => $"{pipelineId}.{index}.{stageName}";

    private void BeginStage(int index)
    {
        S.Current = index;
        S.Stages[index].TaskId = TaskIdOf(Id, index, Spec.Stages[index].Name);
    }

    private async Task CreateCurrentOrThrowAsync()
    {
        try
        {
            await CreateCurrentAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Thrown on to the stage task too: its outbox repeats the notification until this succeeds.
            LogCreateFailed(logger, ex, Id, S.Current);
            ArmRetry(CreateRetry);
            throw;
        }
    }

    /// <summary>Creates the running stage's task unless it is known to exist. Idempotent; never calls the task that finished before it.</summary>
    private async Task CreateCurrentAsync()
    {
        if (!CurrentNeedsCreating)
        {
            return;
        }

        var index = S.Current;
        var stage = Spec.Stages[index];
        var entry = S.Stages[index];
        var taskId = entry.TaskId!;
        var title = stage.Title ?? $"Pipeline {Spec.Title}: {stage.Name}";
        var spec = new TaskSpec(
            taskId,
            title.Length > TaskSpecValidator.MaxTitle ? title[..TaskSpecValidator.MaxTitle] : title,
            stage.Description,
            TaskPriority.Medium,
            [$"pipeline:{Id}", $"stage:{stage.Name}"],
            [],
            null,
            null,
            null,
            stage.MaxAttempts ?? 0,
            [],
            stage.Role,
            index == 0 ? Spec.Input : S.Stages[index - 1].Output,
            Id,
            Spec.CreatedBy);

        var reply = await Board.CreateAsync([spec]);
        if (reply.Error is { Code: TaskErrorCode.AlreadyExists })
        {
            // An earlier attempt created it (its answer was lost), or someone else took the id.
            var existing = await GrainFactory.GetGrain<ITaskGrain>(taskId).GetAsync();
            if (existing is null || existing.Spec.PipelineId != Id)
            {
                await FailAsync(stage.Name, $"Task '{taskId}' already exists and does not belong to pipeline '{Id}'.");
                return;
            }

            entry.Created = true;
            if (!existing.Status.IsTerminal())
            {
                // A finished one is not recorded here: its own notification (repeated until delivered) applies it.
                entry.Status ??= existing.Status;
            }
        }
        else if (reply.Error is { } error)
        {
            await FailAsync(stage.Name, $"The task of stage '{stage.Name}' could not be created: {error.Message}");
            return;
        }
        else
        {
            entry.Created = true;
            entry.Status = reply.Tasks[0].Status;
        }

        DisarmRetry();
        await SaveAsync();
        LogStageCreated(logger, Id, index, taskId);
    }

    private async Task FailAsync(string stageName, string error)
    {
        S.Status = PipelineStatus.Failed;
        S.Error = error;
        S.FailedStage = stageName;
        S.Stages[S.Current].Error = error;
        DisarmRetry();
        await SaveAsync();
        LogFailed(logger, Id, stageName, error);
    }

    private void ArmRetry(TimeSpan due)
    {
        DisarmRetry();
        _retryTimer = this.RegisterGrainTimer(RetryCreateAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private void DisarmRetry()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
    }

    private async Task RetryCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateCurrentAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCreateFailed(logger, ex, Id, S.Current);
            ArmRetry(CreateRetry);
        }
    }

    private async Task SaveAsync()
    {
        S.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }

    private PipelineView View() => new(
        Id,
        Spec.Title,
        S.Status,
        S.Current,
        [.. Spec.Stages.Select((stage, i) => new PipelineStageView(stage, S.Stages[i].TaskId, S.Stages[i].Status, S.Stages[i].Output, S.Stages[i].Error))],
        Spec.Input,
        S.Output,
        S.Error,
        S.FailedStage,
        Spec.CreatedBy,
        S.CreatedAt,
        S.UpdatedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} started with {Stages} stages")]
    private static partial void LogStarted(ILogger logger, string pipelineId, int stages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipeline {PipelineId} stage {Index} is task {TaskId}")]
    private static partial void LogStageCreated(ILogger logger, string pipelineId, int index, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} completed")]
    private static partial void LogCompleted(ILogger logger, string pipelineId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} failed at stage {Stage}: {Error}")]
    private static partial void LogFailed(ILogger logger, string pipelineId, string stage, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} cancelled: {Reason}")]
    private static partial void LogCancelled(ILogger logger, string pipelineId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {PipelineId} could not create the task of stage {Index} yet; retrying")]
    private static partial void LogCreateFailed(ILogger logger, Exception exception, string pipelineId, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {PipelineId} was told about task {TaskId}, which is none of its stages")]
    private static partial void LogUnknownStage(ILogger logger, string pipelineId, string taskId);
}
