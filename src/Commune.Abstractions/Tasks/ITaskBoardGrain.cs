namespace Commune.Tasks;

/// <summary>
/// The stateless front of the task graph (one activation per silo): validates and creates tasks and batches (unknown dependencies and
/// cycles are refused before anything is written), finds the next task across queue shards, and lists tasks.
/// </summary>
[Alias("commune.tasks.ITaskBoardGrain")]
public interface ITaskBoardGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the tasks, dependencies first; dependencies may name tasks in the same batch, in any order.</summary>
    /// <remarks>A batch writes every task before it answers: past the gateway's 10 s default on a loaded PostgreSQL.</remarks>
    [ResponseTimeout("00:02:00")]
    Task<CreateReply> CreateAsync(IReadOnlyList<TaskSpec> specs);

    /// <summary>The best ready task for the agent across all shards, or null when none is ready.</summary>
    Task<TaskView?> NextAsync(TaskQuery query);

    /// <summary>Tasks across all shards, newest first.</summary>
    Task<IReadOnlyList<TaskSummary>> ListAsync(WorkStatus? status, string? tag, int limit);

    /// <summary>Task counts by status across all shards.</summary>
    Task<IReadOnlyDictionary<WorkStatus, int>> CountAsync();
}
