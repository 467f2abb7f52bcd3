namespace Commune.Tasks;

/// <summary>
/// One shard of the task index (key = shard number): summaries of its tasks, the ready set ordered by priority and age (with aging), and
/// the sweep that returns expired leases. Tasks are spread over shards by id, so no single grain is hot.
/// </summary>
[Alias("commune.tasks.ITaskQueueGrain")]
public interface ITaskQueueGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a task; durable before it returns, so a created task is never lost from the index.</summary>
    Task RegisterAsync(TaskSummary summary);

    /// <summary>Takes a newer summary (older versions are ignored).</summary>
    Task UpdateAsync(TaskSummary summary);

    /// <summary>Drops a registered task whose creation never completed.</summary>
    Task ForgetAsync(string taskId);

    /// <summary>The best ready task for each query (null where none), without offering any: one call for a whole batch of callers.</summary>
    Task<IReadOnlyList<TaskOffer?>> PeekManyAsync(IReadOnlyList<TaskQuery> queries);

    /// <summary>The best ready task for the query, held back from other agents for a few seconds so concurrent callers get different tasks.</summary>
    Task<TaskOffer?> OfferAsync(TaskQuery query);

    /// <summary>Stops offering a task whose state could not be read, for everyone, for a while; then it is tried again.</summary>
    Task SetAsideAsync(string taskId);

    /// <summary>Summaries, newest first, filtered by status and tag.</summary>
    Task<IReadOnlyList<TaskSummary>> ListAsync(WorkStatus? status, string? tag, int limit);

    /// <summary>Counts by status.</summary>
    Task<IReadOnlyDictionary<WorkStatus, int>> CountAsync();

    /// <summary>Counts by status, expired leases not yet returned and held tasks with no update for <paramref name="stuckAfter"/>.</summary>
    Task<Commune.Monitoring.TaskHealth> HealthAsync(DateTimeOffset now, TimeSpan stuckAfter, int maxIds);
}
