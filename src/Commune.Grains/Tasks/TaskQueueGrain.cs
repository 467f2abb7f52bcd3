using Orleans.Concurrency;
using Commune.Grains.Monitoring;
using Commune.Monitoring;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Tasks;

/// <summary>
/// One shard of the task index and ready queue. Reentrant, and every method but <see cref="RegisterAsync"/> is synchronous, so calls
/// interleave only at that one await; registrations share coalesced writes (one in flight, the next one batching everything meanwhile).
/// The shard never waits on a task grain (its calls to tasks are one-way), so tasks can always report to it without deadlock.
/// </summary>
[Reentrant, KeepAlive]
public sealed partial class TaskQueueGrain(
    [PersistentState("taskqueue", StorageNames.Default)] IPersistentState<TaskQueueState> state,
    IOptions<TaskOptions> options,
    TimeProvider time,
    ILogger<TaskQueueGrain> logger) : Grain, ITaskQueueGrain, IRemindable
{
    private const string KeepAliveReminder = "task-sweep";
    private static readonly TimeSpan PokeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExpiryGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a task whose state cannot be read is kept out of offers: long enough not to cost every caller a failed read.</summary>
    private static readonly TimeSpan UnreadableHold = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, TaskSummary> _tasks = new(StringComparer.Ordinal);
    private readonly SortedSet<ReadyKey> _ready = [];
    private readonly Dictionary<string, ReadyKey> _readyKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hold> _offers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _watch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _poked = new(StringComparer.Ordinal);
    private Task? _writing;
    private TaskCompletionSource? _queuedWrite;

    private TaskOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The reminder brings the shard back after its silo dies, so leases of tasks nobody calls still expire.
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(Options.SweepInterval, Options.SweepInterval) { Interleave = true });
        if (state.State.Ids.Count > 0)
        {
            LogRebuilding(logger, this.GetPrimaryKeyLong(), state.State.Ids.Count);
            foreach (var id in state.State.Ids)
            {
                // Each task reports its summary back through UpdateAsync (or asks to be forgotten).
                _ = GrainFactory.GetGrain<ITaskGrain>(id).RefreshAsync();
            }
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public Task RegisterAsync(TaskSummary summary)
    {
        Apply(summary);
        return state.State.Ids.Add(summary.Id) ? PersistAsync() : Task.CompletedTask;
    }

    public Task UpdateAsync(TaskSummary summary)
    {
        Apply(summary);
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string taskId)
    {
        Remove(taskId);
        _tasks.Remove(taskId);
        return state.State.Ids.Remove(taskId) ? PersistAsync() : Task.CompletedTask;
    }

    public Task<IReadOnlyList<TaskOffer?>> PeekManyAsync(IReadOnlyList<TaskQuery> queries)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<TaskOffer?> offers = [.. queries.Select(q => Find(q, now) is { } key ? Offer(key) : null)];
        return Task.FromResult(offers);
    }

    public Task<TaskOffer?> OfferAsync(TaskQuery query)
    {
        var now = time.GetUtcNow();
        if (Find(query, now) is not { } key)
        {
            return Task.FromResult<TaskOffer?>(null);
        }

        _offers[key.Id] = new Hold(query.AgentId, now + Options.OfferHold);
        return Task.FromResult<TaskOffer?>(Offer(key));
    }

    public Task SetAsideAsync(string taskId)
    {
        // No agent id is empty, so this hold keeps the task from every agent until it runs out.
        _offers[taskId] = new Hold("", time.GetUtcNow() + UnreadableHold);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TaskSummary>> ListAsync(WorkStatus? status, string? tag, int limit)
    {
        IReadOnlyList<TaskSummary> list = _tasks.Values
            .Where(t => status is null || t.Status == status)
            .Where(t => tag is null || t.Tags.Contains(tag, StringComparer.Ordinal))
            .OrderByDescending(t => t.CreatedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
        return Task.FromResult(list);
    }

    public Task<IReadOnlyDictionary<WorkStatus, int>> CountAsync()
    {
        IReadOnlyDictionary<WorkStatus, int> counts = _tasks.Values.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult(counts);
    }

    public Task<TaskHealth> HealthAsync(DateTimeOffset now, TimeSpan stuckAfter, int maxIds) =>
        Task.FromResult(TaskHealthOf.Compute(_tasks.Values, now, stuckAfter, maxIds));

    private void Apply(TaskSummary summary)
    {
        if (_tasks.TryGetValue(summary.Id, out var known) && known.Version >= summary.Version)
        {
            return;
        }

        _tasks[summary.Id] = summary;
        Remove(summary.Id);
        if (summary.Status == WorkStatus.Pending)
        {
            var key = ReadyKey.For(summary, Options.AgingPerLevel);
            _ready.Add(key);
            _readyKeys[summary.Id] = key;
        }

        if (summary.Unsettled || summary.Status is WorkStatus.Claimed or WorkStatus.InProgress)
        {
            _watch.Add(summary.Id);
        }
    }

    private void Remove(string id)
    {
        if (_readyKeys.Remove(id, out var key))
        {
            _ready.Remove(key);
        }

        _offers.Remove(id);
        _watch.Remove(id);
        _poked.Remove(id);
    }

    private ReadyKey? Find(TaskQuery query, DateTimeOffset now)
    {
        foreach (var key in _ready)
        {
            if (_offers.TryGetValue(key.Id, out var offer) && offer.AgentId != query.AgentId && offer.Until > now)
            {
                continue;
            }

            var task = _tasks[key.Id];
            if (query.Tags.Count > 0 && !task.Tags.Any(query.Tags.Contains))
            {
                continue;
            }

            if (task.RequiredCapability is { } capability && !query.Capabilities.Contains(capability, StringComparer.Ordinal))
            {
                continue;
            }

            if (task.Role is { } role && role != query.Role)
            {
                continue;
            }

            return key;
        }

        return null;
    }

    private static TaskOffer Offer(ReadyKey key) => new(key.Id, key.Score, key.CreatedAt);

    /// <summary>Pokes tasks whose lease ran out (their silo may be gone) and tasks that have not told their dependents yet.</summary>
    private Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in _watch.ToArray())
        {
            var task = _tasks[id];
            var expired = task.Status is WorkStatus.Claimed or WorkStatus.InProgress && task.LeaseExpiresAt is { } until && until + ExpiryGrace <= now;
            if (!expired && !task.Unsettled)
            {
                continue;
            }

            if (_poked.TryGetValue(id, out var last) && now - last < PokeInterval)
            {
                continue;
            }

            _poked[id] = now;
            var grain = GrainFactory.GetGrain<ITaskGrain>(id);
            _ = expired ? grain.ExpireLeaseAsync() : grain.RefreshAsync();
        }

        foreach (var (id, offer) in _offers.Where(o => o.Value.Until <= now).ToArray())
        {
            _offers.Remove(id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Chirper's pattern: one write in flight; callers arriving meanwhile share the next one.</summary>
    private Task PersistAsync()
    {
        if (_queuedWrite is { } queued)
        {
            return queued.Task;
        }

        if (_writing is null || _writing.IsCompleted)
        {
            _writing = state.WriteStateAsync();
            return _writing;
        }

        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queuedWrite = next;
        _writing = WriteAfterAsync(_writing, next);
        return next.Task;
    }

    private async Task WriteAfterAsync(Task previous, TaskCompletionSource done)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The previous writer's callers saw its failure; this write carries their changes again.
        }

        _queuedWrite = null;
        try
        {
            await state.WriteStateAsync();
            done.SetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            done.SetException(ex);
        }
    }

    private readonly record struct Hold(string AgentId, DateTimeOffset Until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task shard {Shard} activated with {Count} tasks; asking each for its state")]
    private static partial void LogRebuilding(ILogger logger, long shard, int count);
}
