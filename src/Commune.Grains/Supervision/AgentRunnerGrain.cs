using System.Text.Json;
using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Grains.Tasks;
using Commune.Messages;
using Commune.Models;
using Commune.Supervision;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Supervision;

/// <summary>
/// Drives one managed agent the way an external agent drives itself over HTTP: heartbeat, <c>next</c> + claim, a model call through its
/// profile (charged to its session and the task's ledger), then complete or fail with the answer. A subagent does its one task, sends
/// task_complete to its parent and ends itself. A timer ticks every <see cref="SupervisorOptions.RunnerInterval"/>; the work runs beside
/// the ticks (not inside one), so heartbeats keep the agent and its lease alive during a long model call. A one-minute reminder brings
/// the runner back after its silo dies, and it resumes a task the agent still holds (at that task's epoch) rather than taking another.
/// </summary>
public sealed partial class AgentRunnerGrain(
    [PersistentState("runner", StorageNames.Default)] IPersistentState<RunnerState> state,
    IOptions<SupervisorOptions> options,
    IOptions<FleetOptions> fleet,
    TimeProvider time,
    ILogger<AgentRunnerGrain> logger) : Grain, IAgentRunnerGrain, IRemindable
{
    private const string ReminderName = "runner";

    private IGrainTimer? _timer;
    private Task? _work;
    private DateTimeOffset _lastBeat;

    private RunnerState S => state.State;

    private RunnerAssignment A => S.Assignment!;

    private string Id => this.GetPrimaryKeyString();

    private IAgentGrain Agent => GrainFactory.GetGrain<IAgentGrain>(Id);

    private bool Working => _work is { IsCompleted: false };

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Assignment is not null && !S.Finished)
        {
            ArmTimer();
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(RunnerAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (S.Assignment is null || S.Finished)
        {
            S.Assignment = assignment;
            S.Finished = false;
            await state.WriteStateAsync();
        }

        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        ArmTimer();
    }

    public Task PokeAsync()
    {
        if (S.Assignment is not null && !S.Finished)
        {
            ArmTimer();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Assignment is null || S.Finished)
        {
            await StopAsync();
            return;
        }

        ArmTimer();
    }

    private void ArmTimer()
    {
        var every = options.Value.RunnerInterval;
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, every) { KeepAlive = true });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (S.Assignment is null || S.Finished)
        {
            await StopAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (now - _lastBeat >= fleet.Value.HeartbeatInterval / 2)
        {
            var beat = await Agent.HeartbeatAsync();
            _lastBeat = now;
            if (beat.Agent is not { EndedAt: null })
            {
                // Ended (retired, pool deleted) or gone: a worker stops here; a subagent still owes its parent a report.
                if (!A.IsSubagent || beat.Agent is null)
                {
                    await FinishAsync();
                    return;
                }
            }
        }

        if (Working)
        {
            return;
        }

        _work = RunGuardedAsync(A.IsSubagent ? SubagentAsync : WorkerAsync);
    }

    private async Task RunGuardedAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next tick tries again; every step is safe to repeat (claims and completions are fenced by the epoch).
            LogWorkFailed(logger, ex, Id);
        }
    }

    /// <summary>A pool worker: resume a task it still holds, else take the next one that fits its role and capabilities.</summary>
    private async Task WorkerAsync()
    {
        var agent = await Agent.GetAsync();
        if (agent is not { EndedAt: null })
        {
            await FinishAsync();
            return;
        }

        foreach (var held in agent.HeldTasks)
        {
            if (await GrainFactory.GetGrain<ITaskGrain>(held).GetAsync() is { } mine && mine.AgentId == Id && mine.Status is WorkStatus.Claimed or WorkStatus.InProgress)
            {
                await RunTaskAsync(mine);
                return;
            }
        }

        var offer = await GrainFactory.GetGrain<ITaskBoardGrain>(0).NextAsync(new TaskQuery(Id, [], A.Capabilities, A.Role));
        if (offer is null)
        {
            return;
        }

        var claim = await GrainFactory.GetGrain<ITaskGrain>(offer.Spec.Id).ClaimAsync(Id, A.Capabilities, null);
        if (claim.Task is { } task && claim.Succeeded)
        {
            await RunTaskAsync(task);
        }
    }

    /// <summary>A subagent: its task (claimed with its own id as the capability the task requires), then the report, then the end.</summary>
    private async Task SubagentAsync()
    {
        var grain = GrainFactory.GetGrain<ITaskGrain>(A.TaskId!);
        var task = await grain.GetAsync();
        if (task is not null && !task.Status.IsTerminal())
        {
            if (task.Status == WorkStatus.Pending)
            {
                var claim = await grain.ClaimAsync(Id, [.. A.Capabilities, Id], null);
                task = claim.Succeeded ? claim.Task : task;
            }

            if (task!.AgentId == Id && task.Status is WorkStatus.Claimed or WorkStatus.InProgress)
            {
                await RunTaskAsync(task);
            }

            task = await grain.GetAsync();
            if (task is not null && !task.Status.IsTerminal())
            {
                return; // not done yet (another tick resumes it)
            }
        }

        if (!await ReportAsync(task))
        {
            return; // the parent's inbox is full or we are throttled: try again next tick
        }

        await Agent.EndAsync(task?.Status == WorkStatus.Completed ? "subagent finished its task" : "subagent's task failed");
        await FinishAsync();
    }

    private async Task RunTaskAsync(TaskView task)
    {
        var taskId = task.Spec.Id;
        var epoch = task.Epoch;
        var grain = GrainFactory.GetGrain<ITaskGrain>(taskId);
        var call = new ModelCall(
            A.Profile,
            WorkPrompt.For(task, Id, A.Role),
            Scopes: new BudgetScopes(A.SessionId, taskId),
            RequestId: $"{Id}:{taskId}:{epoch}");
        var result = await GrainFactory.GetGrain<IModelCallGrain>(0).CompleteAsync(call);
        if (result.Answer is { } answer)
        {
            S.InputTokens += answer.Usage.InputTokens;
            S.OutputTokens += answer.Usage.OutputTokens;
            S.CostUsd += answer.CostUsd;
            S.Simulated |= answer.Simulated;
            S.TasksDone++;
            await state.WriteStateAsync();
            if (A.ChargeTo is { } ledger)
            {
                // Settling a reservation the ledger never made charges it: the parent pays for what its subagent used.
                await GrainFactory.GetGrain<IBudgetGrain>(ledger).SettleAsync(Guid.NewGuid(), answer.Usage.TotalTokens, answer.CostUsd);
            }

            var json = TaskJson.Serialize(new
            {
                text = answer.Text,
                provider = answer.Provider,
                model = answer.Model,
                simulated = answer.Simulated,
                usage = new { input_tokens = answer.Usage.InputTokens, output_tokens = answer.Usage.OutputTokens },
                cost_usd = answer.CostUsd,
                agent_id = Id,
            });
            var done = await grain.CompleteAsync(Id, epoch, json);
            if (done.Error is { Code: TaskErrorCode.DoneChecksFailed } checks)
            {
                await grain.FailAsync(Id, epoch, checks.Message + " " + string.Join("; ", checks.Details));
            }

            LogRan(logger, Id, taskId, done.Succeeded ? "completed" : done.Error!.Code.ToString());
        }
        else
        {
            var error = result.Error!;
            await grain.FailAsync(Id, epoch, $"{error.Code}: {error.Message}");
            LogRan(logger, Id, taskId, error.Code);
        }
    }

    /// <summary>Sends task_complete to the parent; false when it should be tried again later.</summary>
    private async Task<bool> ReportAsync(TaskView? task)
    {
        var success = task?.Status == WorkStatus.Completed;
        object? result = success && task!.Result is { } text ? JsonDocument.Parse(text).RootElement.Clone() : null;
        var payload = TaskJson.Serialize(new
        {
            task_id = A.TaskId,
            status = success ? "success" : "failed",
            result,
            error = success ? null : task?.Error ?? task?.StatusReason ?? $"task '{A.TaskId}' no longer exists",
            subagent_id = Id,
            session_id = A.SessionId,
            usage = new { input_tokens = S.InputTokens, output_tokens = S.OutputTokens, cost_usd = S.CostUsd, simulated = S.Simulated },
        });
        var reply = await GrainFactory.GetGrain<IMessageRouterGrain>(0).SendAsync(
            new SendRequest(Id, MessageTypes.TaskComplete, payload, ToAgent: A.Parent, Id: $"task_complete:{Id}"));
        if (reply.Error is { Code: AgentErrorCode.InboxFull or AgentErrorCode.Throttled })
        {
            return false;
        }

        if (reply.Error is { } refused)
        {
            LogReportRefused(logger, Id, A.Parent!, refused.Message);
        }

        return true;
    }

    private async Task FinishAsync()
    {
        if (!S.Finished)
        {
            S.Finished = true;
            await state.WriteStateAsync();
        }

        await StopAsync();
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Managed agent {AgentId} ran task {TaskId}: {Outcome}")]
    private static partial void LogRan(ILogger logger, string agentId, string taskId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Managed agent {AgentId} failed a step; retrying on the next tick")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subagent {AgentId} could not report to {Parent}: {Reason}")]
    private static partial void LogReportRefused(ILogger logger, string agentId, string parent, string reason);
}
