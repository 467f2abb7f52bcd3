using Orleans.Concurrency;

namespace Commune.Tasks;

/// <summary>
/// One task (key = task id): its state machine, dependencies and dependents, claim lease and epoch (fencing token), checkpoint,
/// attempts and result. Every command is one turn, so a claim is a compare-and-set: exactly one concurrent caller wins.
/// </summary>
[Alias("commune.tasks.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the task (blocked while <paramref name="spec"/>'s dependencies are unfinished). <paramref name="children"/> are subtasks
    /// created in the same batch: the parent waits for them from its first moment, in this order. Refused if it exists.
    /// </summary>
    Task<TaskReply> CreateAsync(TaskSpec spec, IReadOnlyList<string> children);

    /// <summary>The task, or null if it was never created. Interleaves: a read never waits behind (or deadlocks with) a command.</summary>
    [AlwaysInterleave]
    Task<TaskView?> GetAsync();

    /// <summary>Claims the task for an agent: a lease starts and the epoch increases. Exactly one concurrent caller wins.</summary>
    Task<TaskReply> ClaimAsync(string agentId, IReadOnlyList<string> capabilities, TimeSpan? lease);

    /// <summary>Notes, progress and checkpoint from the holder; renews the lease and marks the task in progress.</summary>
    Task<TaskReply> UpdateAsync(TaskUpdate update);

    /// <summary>Renews the holder's lease (its heartbeat).</summary>
    Task<TaskReply> RenewAsync(string agentId, long epoch);

    /// <summary>The holder lets go: the task returns to pending with its checkpoint, and the epoch increases.</summary>
    Task<TaskReply> ReleaseAsync(string agentId, long epoch, string? reason);

    /// <summary>Completes with a JSON result, if the definition-of-done checks pass.</summary>
    Task<TaskReply> CompleteAsync(string agentId, long epoch, string result);

    /// <summary>Submits the work for review: the task waits in pending_review for a different agent's verdict.</summary>
    Task<TaskReply> SubmitForReviewAsync(string agentId, long epoch, string result);

    /// <summary>A reviewer (not the worker) approves (→ completed) or requests changes (→ in_progress with the issues attached).</summary>
    Task<TaskReply> ReviewAsync(string reviewerId, bool approved, IReadOnlyList<string> issues);

    /// <summary>The attempt failed: retried with the error as context until max attempts, then failed and escalated.</summary>
    Task<TaskReply> FailAsync(string agentId, long epoch, string error);

    /// <summary>Cancels an unfinished task; its dependents and parent are told.</summary>
    Task<TaskReply> CancelAsync(string? by, string reason);

    /// <summary>Records a subtask's partial result on this (parent) task.</summary>
    Task<TaskReply> AddPartialResultAsync(PartialResult partial);

    /// <summary>Returns the task to pending if its lease has run out, then reports to its shard. One-way, so a shard never waits on a task. Safe to repeat.</summary>
    [OneWay]
    Task ExpireLeaseAsync();

    /// <summary>Registers a dependent to be told when this task finishes; returns this task's status now.</summary>
    Task<DependencyState?> AddDependentAsync(string dependentId);

    /// <summary>A dependency finished (completed, failed or cancelled). Safe to repeat.</summary>
    Task DependencyFinishedAsync(DependencyState dependency);

    /// <summary>Registers a subtask; the parent waits for it. Refused once the parent is held or finished.</summary>
    Task<TaskReply> AddChildAsync(string childId);

    /// <summary>A subtask finished. Safe to repeat.</summary>
    Task ChildFinishedAsync(DependencyState child, string? result);

    /// <summary>
    /// Recovery after a crash: re-checks what a lost message may have left waiting (dependencies, subtasks, an expired lease, unsent
    /// notifications) and reports the task's summary to its shard (or tells the shard to forget a task that was never written). One-way.
    /// </summary>
    [OneWay]
    Task RefreshAsync();

    /// <summary>
    /// The agent holding this task at <paramref name="epoch"/> sent a heartbeat: renews the lease. When the agent no longer holds it,
    /// the agent is told so (one-way both ways, so agents and tasks never wait on each other).
    /// </summary>
    [OneWay]
    Task AgentHeartbeatAsync(string agentId, long epoch);

    /// <summary>
    /// The supervisor found <paramref name="agentId"/> offline: a claim it still holds returns to pending with its checkpoint and a new
    /// epoch, so another agent can take over and the old holder is fenced off. Nothing happens when someone else holds the task.
    /// </summary>
    Task<TaskReply> ReleaseForAsync(string agentId, string reason);
}
