using Commune.Faults;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.Tasks;

/// <summary>
/// The stateless front of the task graph. Creation validates everything first (fields, unknown dependencies, cycles, the parent) and
/// writes nothing when anything is wrong; then it creates the tasks level by level so a task's dependencies exist before it does.
/// Reentrant: it only waits on other grains, so one activation per silo serves every caller at once (a non-reentrant stateless worker
/// would serve one caller per activation, at most one per core).
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed partial class TaskBoardGrain(IOptions<TaskOptions> options, ILogger<TaskBoardGrain> logger) : Grain, ITaskBoardGrain
{
    /// <summary>How far the cycle check walks the existing graph when a new task's parent already exists.</summary>
    private const int MaxWalk = 10_000;

    private readonly List<PeekWaiter> _peekQueue = [];
    private bool _peeking;

    private TaskOptions Options => options.Value;

    public async Task<CreateReply> CreateAsync(IReadOnlyList<TaskSpec> specs)
    {
        if (specs.Count == 0 || specs.Count > Options.MaxBatch)
        {
            return Refused(TaskErrorCode.Invalid, $"A batch holds 1 to {Options.MaxBatch} tasks, not {specs.Count}.");
        }

        // Defaults the HTTP layer leaves open: an id when none was chosen, the configured number of attempts.
        specs = [.. specs.Select(s => s with
        {
            Id = string.IsNullOrEmpty(s.Id) ? "task_" + Guid.NewGuid().ToString("N") : s.Id,
            MaxAttempts = s.MaxAttempts == 0 ? Options.DefaultMaxAttempts : s.MaxAttempts,
        })];
        var problems = specs.SelectMany(s => TaskSpecValidator.Problems(s, Options).Select(p => specs.Count == 1 ? p : $"task '{s.Id}': {p}")).ToList();
        var duplicates = specs.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"the batch uses these ids more than once: {string.Join(", ", duplicates)}");
        }

        if (problems.Count > 0)
        {
            return Refused(TaskErrorCode.Invalid, "The task is not valid: " + string.Join(" ", problems), problems);
        }

        var batch = specs.ToDictionary(s => s.Id, StringComparer.Ordinal);
        // A task that already exists exactly as asked is this batch, retried after a failure part-way: it is created again as a no-op
        // (which also redoes its links), so the retry answers what a first success would have. Any other existing id is a conflict.
        var existing = await LookUpAsync(specs.Select(s => s.Id));
        var taken = existing.Where(e => !TaskReplays.SameSpec(e.Value.Spec, batch[e.Key] with { Id = e.Key })).Select(e => e.Key).ToList();
        if (taken.Count > 0)
        {
            return Refused(TaskErrorCode.AlreadyExists, $"Tasks with these ids already exist: {string.Join(", ", taken)}. Nothing was created.", taken);
        }

        var outside = specs.SelectMany(s => s.DependsOn.Concat(s.ParentId is { } p ? [p] : []))
            .Where(id => !batch.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        var known = await LookUpAsync(outside);
        var unknown = outside.Where(id => !known.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return Refused(TaskErrorCode.Invalid, $"Unknown dependencies: {string.Join(", ", unknown)}. Nothing was created.", unknown);
        }

        var broken = specs.SelectMany(s => s.DependsOn).Distinct(StringComparer.Ordinal)
            .Where(id => known.TryGetValue(id, out var t) && t.Status is WorkStatus.Failed or WorkStatus.Cancelled).ToList();
        if (broken.Count > 0)
        {
            return Refused(TaskErrorCode.Invalid, $"These dependencies are failed or cancelled and will never complete: {string.Join(", ", broken)}. Nothing was created.", broken);
        }

        var closedParents = specs.Select(s => s.ParentId).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(id => known.TryGetValue(id, out var t) && (t.Status.IsHeld() || t.Status.IsTerminal())).ToList();
        if (closedParents.Count > 0)
        {
            return Refused(TaskErrorCode.WrongState, $"Subtasks can be added only to a blocked or pending parent; these are not: {string.Join(", ", closedParents)}.", closedParents);
        }

        // "Waits for": a task waits for its dependencies, a parent for its subtasks.
        var waitsFor = specs.ToDictionary(
            s => s.Id,
            s => (IReadOnlyList<string>)[.. s.DependsOn, .. specs.Where(c => c.ParentId == s.Id).Select(c => c.Id)],
            StringComparer.Ordinal);
        if (DependencyCycles.Find(waitsFor) is { } cycle)
        {
            return Refused(TaskErrorCode.Invalid, $"The dependencies form a cycle: {string.Join(" → ", cycle)}. Nothing was created.", cycle);
        }

        if (await CycleThroughExistingParentAsync(specs, batch, known) is { } through)
        {
            return Refused(TaskErrorCode.Invalid, $"The dependencies form a cycle: {string.Join(" → ", through)}. Nothing was created.", through);
        }

        // Creation order: a task after its dependencies (they register it) and after its parent (which registers it as a subtask).
        var needs = specs.ToDictionary(
            s => s.Id,
            s => (IReadOnlyList<string>)[.. s.DependsOn, .. s.ParentId is { } p && batch.ContainsKey(p) ? [p] : Array.Empty<string>()],
            StringComparer.Ordinal);
        var levels = DependencyCycles.Levels(needs);
        if (levels.Sum(l => l.Count) != specs.Count)
        {
            var selfWaiting = specs.Where(s => s.DependsOn.Any(d => batch.TryGetValue(d, out var c) && c.ParentId == s.Id)).Select(s => s.Id).ToList();
            return Refused(TaskErrorCode.Invalid,
                $"A parent cannot depend on its own subtask (it already waits for its subtasks): {string.Join(", ", selfWaiting)}. Nothing was created.", selfWaiting);
        }

        var created = new Dictionary<string, TaskView>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            var replies = await Task.WhenAll(level.Select(id => CreateOneAsync(batch[id], [.. specs.Where(c => c.ParentId == id).Select(c => c.Id)])));
            foreach (var reply in replies)
            {
                if (reply.Error is { } error)
                {
                    return new CreateReply([.. created.Values], error);
                }

                created[reply.Task!.Spec.Id] = reply.Task;
            }
        }

        // Re-read so the answer shows dependencies that completed while the batch was being written.
        var views = await Task.WhenAll(specs.Select(s => GrainFactory.GetGrain<ITaskGrain>(s.Id).GetAsync()));
        return new CreateReply([.. views.Select((v, i) => v ?? created[specs[i].Id])], null);
    }

    public async Task<TaskView?> NextAsync(TaskQuery query)
    {
        var shards = Shards();
        StorageUnavailableException? unreadable = null;
        foreach (var shard in await PeekOrderAsync(query))
        {
            // A few tries per shard: an offer can be stale when a claim raced the peek.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                if (await shards[shard].OfferAsync(query) is not { } offer)
                {
                    break;
                }

                try
                {
                    if (await GrainFactory.GetGrain<ITaskGrain>(offer.TaskId).GetAsync() is { Status: WorkStatus.Pending } task)
                    {
                        return task;
                    }
                }
                catch (StorageUnavailableException ex)
                {
                    // One task whose state cannot be read must not jam the queue for everyone it is offered to: offer the next one.
                    LogUnreadableOffer(logger, ex, offer.TaskId);
                    unreadable = ex;
                    await shards[shard].SetAsideAsync(offer.TaskId);
                }
            }
        }

        // Nothing else was ready: "no task" would hide that one could not be read, so say that instead.
        return unreadable is null ? null : throw unreadable;
    }

    /// <summary>
    /// The shards to ask for an offer, best candidate first. Callers arriving while a round of peeks is in flight share the next round:
    /// one <see cref="ITaskQueueGrain.PeekManyAsync"/> per shard serves all of them, so the fan-out costs per round, not per caller.
    /// </summary>
    private Task<IReadOnlyList<int>> PeekOrderAsync(TaskQuery query)
    {
        var waiter = new PeekWaiter(query, new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously));
        _peekQueue.Add(waiter);
        if (!_peeking)
        {
            _peeking = true;
            _ = PeekRoundsAsync();
        }

        return waiter.Done.Task;
    }

    private async Task PeekRoundsAsync()
    {
        try
        {
            while (_peekQueue.Count > 0)
            {
                var batch = _peekQueue.ToArray();
                _peekQueue.Clear();
                try
                {
                    var queries = batch.Select(w => w.Query).ToArray();
                    var peeks = await Task.WhenAll(Shards().Select(s => s.PeekManyAsync(queries)));
                    for (var i = 0; i < batch.Length; i++)
                    {
                        IReadOnlyList<int> order = [.. Enumerable.Range(0, peeks.Length).Where(s => peeks[s][i] is not null)
                            .OrderByDescending(s => peeks[s][i]!.Score).ThenBy(s => peeks[s][i]!.CreatedAt)];
                        batch[i].Done.TrySetResult(order);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    foreach (var waiter in batch)
                    {
                        waiter.Done.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            _peeking = false;
        }
    }

    private ITaskQueueGrain[] Shards() => [.. Enumerable.Range(0, Options.QueueShards).Select(i => GrainFactory.GetGrain<ITaskQueueGrain>(i))];

    public async Task<IReadOnlyList<TaskSummary>> ListAsync(WorkStatus? status, string? tag, int limit)
    {
        var lists = await Task.WhenAll(Enumerable.Range(0, Options.QueueShards)
            .Select(i => GrainFactory.GetGrain<ITaskQueueGrain>(i).ListAsync(status, tag, limit)));
        return lists.SelectMany(l => l).OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).Take(limit).ToArray();
    }

    public async Task<IReadOnlyDictionary<WorkStatus, int>> CountAsync()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, Options.QueueShards).Select(i => GrainFactory.GetGrain<ITaskQueueGrain>(i).CountAsync()));
        return counts.SelectMany(c => c).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
    }

    private async Task<TaskReply> CreateOneAsync(TaskSpec spec, IReadOnlyList<string> children)
    {
        var task = GrainFactory.GetGrain<ITaskGrain>(spec.Id);
        if (spec.ParentId is { } parentId)
        {
            var added = await GrainFactory.GetGrain<ITaskGrain>(parentId).AddChildAsync(spec.Id);
            if (added.Error is { } error)
            {
                return TaskReply.Refused(error);
            }
        }

        var reply = await task.CreateAsync(spec, children);
        if (!reply.Succeeded)
        {
            return reply;
        }

        foreach (var dependency in spec.DependsOn)
        {
            // The dependency answers with its status at the moment it registered the dependent: finished before, we tell the
            // dependent now; finishing after, the dependency tells it. Either way exactly one message, never none.
            if (await GrainFactory.GetGrain<ITaskGrain>(dependency).AddDependentAsync(spec.Id) is { } state && state.Status.IsTerminal())
            {
                await task.DependencyFinishedAsync(state);
            }
        }

        return reply;
    }

    private async Task<Dictionary<string, TaskView>> LookUpAsync(IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(list.Select(id => GrainFactory.GetGrain<ITaskGrain>(id).GetAsync()));
        return list.Zip(views).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal);
    }

    /// <summary>
    /// A new task under an existing parent closes a cycle if, following "waits for" edges (dependencies and subtasks) from the new task's
    /// dependencies, the walk reaches the parent or one of its ancestors: they all wait for the new task. Nothing else can, because no
    /// existing task can wait for a task that does not exist yet.
    /// </summary>
    private async Task<IReadOnlyList<string>?> CycleThroughExistingParentAsync(
        IReadOnlyList<TaskSpec> specs, IReadOnlyDictionary<string, TaskSpec> batch, IReadOnlyDictionary<string, TaskView> known)
    {
        foreach (var spec in specs.Where(s => s.ParentId is { } p && known.ContainsKey(p) && s.DependsOn.Count > 0))
        {
            var ancestors = new List<string>();
            for (var id = spec.ParentId; id is not null && ancestors.Count < 1000 && !ancestors.Contains(id);)
            {
                ancestors.Add(id);
                id = (await GrainFactory.GetGrain<ITaskGrain>(id).GetAsync())?.Spec.ParentId;
            }

            var from = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var dep in spec.DependsOn)
            {
                from[dep] = spec.Id;
                queue.Enqueue(dep);
            }

            while (queue.Count > 0 && from.Count < MaxWalk)
            {
                var id = queue.Dequeue();
                if (ancestors.Contains(id))
                {
                    var path = new List<string> { id };
                    for (var step = id; from[step] != spec.Id; step = from[step])
                    {
                        path.Insert(0, from[step]);
                    }

                    // new task → … → ancestor → (parent chain) → new task
                    var chain = ancestors.Take(ancestors.IndexOf(id) + 1).Reverse().Skip(1);
                    return [spec.Id, .. path, .. chain, spec.Id];
                }

                IEnumerable<string> waited;
                if (batch.TryGetValue(id, out var inBatch))
                {
                    waited = inBatch.DependsOn.Concat(specs.Where(c => c.ParentId == id).Select(c => c.Id));
                }
                else if (await GrainFactory.GetGrain<ITaskGrain>(id).GetAsync() is { } view && !view.Status.IsTerminal())
                {
                    waited = view.Spec.DependsOn.Concat(view.Children);
                }
                else
                {
                    continue;
                }

                foreach (var next in waited)
                {
                    if (from.TryAdd(next, id))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
        }

        return null;
    }

    private sealed record PeekWaiter(TaskQuery Query, TaskCompletionSource<IReadOnlyList<int>> Done);

    private static CreateReply Refused(TaskErrorCode code, string message, params IReadOnlyList<string> details) =>
        new([], TaskError.Of(code, message, details));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was offered but its state cannot be read; offering the next one")]
    private static partial void LogUnreadableOffer(ILogger logger, Exception exception, string taskId);
}
