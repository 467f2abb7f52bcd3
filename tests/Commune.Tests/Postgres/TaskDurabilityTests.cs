using System.Collections.Concurrent;
using System.Diagnostics;
using Commune.Tasks;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// Three real silo processes on PostgreSQL run a 300-task graph for ten concurrent workers; one silo is killed hard in the middle, and a
/// worker that claimed tasks vanishes without finishing them. Every task still ends exactly once, no epoch is handed out twice, every
/// accepted completion carried its task's current epoch, and the vanished worker's leases (some on the dead silo) run out so others finish.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TaskDurabilityTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Layers = 6;
    private const int PerLayer = 50;
    private const int TaskCount = Layers * PerLayer;
    private const int Workers = 10;
    private const int GhostClaims = 6;
    private const string Ghost = "ghost";
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Tasks__LeaseDuration"] = "00:00:03",
        ["Tasks__SweepInterval"] = "00:00:00.250",
    };

    private sealed record Claim(string TaskId, long Epoch, string Agent, TimeSpan At);

    private sealed record Completion(string TaskId, long Epoch, string Agent, TimeSpan At, bool AfterLostReply);

    private readonly ConcurrentQueue<Claim> _claims = new();
    private readonly ConcurrentQueue<Completion> _completions = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();
    private readonly ConcurrentDictionary<string, int> _exceptions = new();
    private readonly ConcurrentQueue<(TimeSpan At, string What)> _exceptionTimes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task A_silo_killed_mid_run_loses_no_task_and_no_task_is_claimed_or_completed_twice()
    {
        var database = await postgres.CreateDatabaseAsync("taskdurable");
        await SiloCommand.MigrateAsync(database);
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SiloProcess.StartAsync(database, Settings)));
        try
        {
            await using var host = await ClusterClientHost.StartAsync(database);
            var client = host.Client;
            var board = client.GetGrain<ITaskBoardGrain>(0);

            var seed = Environment.TickCount;
            var specs = Graph(new Random(seed), "dur");
            output.WriteLine($"graph seed {seed}: {TaskCount} tasks in {Layers} layers of {PerLayer}");
            var created = await board.CreateAsync(specs);
            Assert.Null(created.Error);
            Assert.Equal(TaskCount, created.Tasks.Count);

            using var stop = new CancellationTokenSource();
            var startedAt = _clock.Elapsed;
            var workers = Enumerable.Range(0, Workers).Select(i => WorkAsync(client, $"worker-{i}", new Random(seed + i), stop.Token)).ToArray();

            // Kill a silo once a third of the graph is done, right after a worker grabs tasks and vanishes.
            await WaitUntilAsync(() => CompletedTasks() >= TaskCount / 3, TimeSpan.FromSeconds(120), "a third of the graph to complete before the kill");
            var ghostTasks = await GhostClaimsAsync(client);
            var placement = new Dictionary<string, int>();
            var management = client.GetGrain<IManagementGrain>(0);
            foreach (var (id, _) in ghostTasks)
            {
                placement[id] = (await management.GetActivationAddress(client.GetGrain<ITaskGrain>(id)))?.Endpoint.Port ?? -1;
            }

            var victim = silos.OrderByDescending(s => placement.Values.Count(p => p == s.SiloPort)).First();
            var shardsOnVictim = new List<int>();
            for (var shard = 0; shard < 8; shard++)
            {
                if ((await management.GetActivationAddress(client.GetGrain<ITaskQueueGrain>(shard)))?.Endpoint.Port == victim.SiloPort)
                {
                    shardsOnVictim.Add(shard);
                }
            }

            var completedAtKill = CompletedTasks();
            await victim.KillAsync();
            var killedAt = _clock.Elapsed;
            var killedAtUtc = DateTimeOffset.UtcNow;
            var declaredDead = Task.Run(async () =>
            {
                await PostgresQueries.WaitForSiloStatusAsync(database, victim.SiloPort, PostgresQueries.Dead, Recovery);
                return _clock.Elapsed;
            });
            var onVictim = ghostTasks.Where(g => placement[g.Id] == victim.SiloPort).Select(g => g.Id).ToList();
            output.WriteLine($"workers started at {startedAt.TotalSeconds:0.0} s; killed silo {victim.Endpoint} at {killedAt.TotalSeconds:0.0} s with {completedAtKill}/{TaskCount} tasks completed; " +
                             $"it hosted {onVictim.Count} of the ghost's {ghostTasks.Count} held tasks ({string.Join(", ", onVictim)}) and queue shards [{string.Join(", ", shardsOnVictim)}]");
            Assert.True(onVictim.Count > 0, "none of the ghost's held tasks lived on the killed silo, so its lease timers did not die with it");

            var finished = await WaitUntilAsync(() => CompletedTasks() >= TaskCount, Recovery, null);
            if (!finished)
            {
                // The workers' records may lag behind the grains (a reply lost with the silo); the grains have the last word below.
                output.WriteLine($"workers recorded {CompletedTasks()}/{TaskCount} completions after {Recovery.TotalSeconds:0} s");
            }

            await stop.CancelAsync();
            await Task.WhenAll(workers);
            var views = await ReadAllAsync(client, specs.Select(s => s.Id));

            var completions = _completions.ToList();
            var claims = _claims.ToList();
            var firstAfterKill = completions.Where(c => c.At > killedAt).Select(c => c.At).DefaultIfEmpty().Min();
            var ghostDone = completions.Where(c => ghostTasks.Any(g => g.Id == c.TaskId)).Select(c => c.At).DefaultIfEmpty().Max();
            var allDone = completions.Select(c => c.At).DefaultIfEmpty().Max();
            output.WriteLine($"recovery: the killed silo was declared dead {((await declaredDead) - killedAt).TotalSeconds:0.0} s after the kill; first completion {(firstAfterKill - killedAt).TotalSeconds:0.0} s after the kill, the ghost's tasks all completed after " +
                             $"{(ghostDone - killedAt).TotalSeconds:0.0} s, the whole graph after {(allDone - killedAt).TotalSeconds:0.0} s");
            output.WriteLine($"{claims.Count} accepted claims, {completions.Count} accepted completions ({completions.Count(c => c.AfterLostReply)} confirmed after a lost reply); " +
                             $"refusals: {Describe(_refusals)}; exceptions: {Describe(_exceptions)}");
            output.WriteLine("exceptions, seconds after the kill: " + string.Join(", ", _exceptionTimes.Select(e => $"{(e.At - killedAt).TotalSeconds:0.0} {e.What}")));
            output.WriteLine("completions per 5 s from the workers' start (kill in bucket " + (int)((killedAt - startedAt).TotalSeconds / 5) + "): " +
                string.Join(" ", completions.GroupBy(c => (int)((c.At - startedAt).TotalSeconds / 5)).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}")));

            output.WriteLine("the ghost's leases ran out (seconds after the kill, * = on the killed silo): " + string.Join(", ", ghostTasks.Select(g =>
                $"{g.Id}{(onVictim.Contains(g.Id) ? "*" : "")} " +
                (views[g.Id].Attempts.FirstOrDefault(a => a.AgentId == Ghost && a.Epoch == g.Epoch) is { } a ? $"{(a.EndedAt - killedAtUtc).TotalSeconds:0.0} ({a.Outcome})" : "never"))));

            // Every task completed: nothing was lost with the silo.
            var unfinished = views.Values.Where(v => v.Status != WorkStatus.Completed).ToList();
            Assert.True(unfinished.Count == 0, $"{unfinished.Count} tasks did not complete: " + string.Join("; ", unfinished.Take(20).Select(v =>
                $"{v.Spec.Id} {v.Status} agent {v.AgentId} epoch {v.Epoch} lease {v.LeaseExpiresAt:O} waiting on [{string.Join(",", v.WaitingOn)}]")));

            // The index lost nothing either: every task is listed, as completed (the shards catch up with the grains, bounded).
            var indexDeadline = _clock.Elapsed + TimeSpan.FromSeconds(30);
            IReadOnlyList<TaskSummary> listed;
            while ((listed = await board.ListAsync(null, "durable", 1000)).Count(t => t.Status == WorkStatus.Completed) < TaskCount && _clock.Elapsed < indexDeadline)
            {
                await Task.Delay(250);
            }

            Assert.True(listed.Count == TaskCount && listed.All(t => t.Status == WorkStatus.Completed),
                $"the index lists {listed.Count} tasks, {listed.Count(t => t.Status == WorkStatus.Completed)} completed; not completed: " +
                string.Join(", ", listed.Where(t => t.Status != WorkStatus.Completed).Take(20).Select(t => $"{t.Id} {t.Status}")));

            // No epoch of any task was handed to two claims.
            var doubled = claims.GroupBy(c => (c.TaskId, c.Epoch)).Where(g => g.Count() > 1).ToList();
            Assert.True(doubled.Count == 0, "claims shared an epoch: " + string.Join("; ", doubled.Select(g => $"{g.Key.TaskId}@{g.Key.Epoch} by {string.Join(",", g.Select(c => c.Agent))}")));

            // Exactly one accepted completion per task, carrying the epoch of that agent's claim, which was still the task's epoch.
            foreach (var (id, view) in views)
            {
                var accepted = completions.Where(c => c.TaskId == id).ToList();
                Assert.True(accepted.Count == 1, $"{id} has {accepted.Count} accepted completions: {string.Join("; ", accepted)}");
                var done = accepted[0];
                Assert.True(claims.Any(c => c.TaskId == id && c.Epoch == done.Epoch && c.Agent == done.Agent), $"{id} was completed by {done.Agent} at epoch {done.Epoch}, which no accepted claim gave it");
                Assert.True(view.Epoch == done.Epoch, $"{id} is at epoch {view.Epoch} but was completed with epoch {done.Epoch}");
                var later = claims.Where(c => c.TaskId == id && c.Epoch > done.Epoch).ToList();
                Assert.True(later.Count == 0, $"{id} was completed at epoch {done.Epoch} though a later claim was accepted: {string.Join("; ", later)}");
                var history = view.Attempts.Where(a => a.Outcome == "completed").ToList();
                Assert.True(history.Count == 1 && history[0].AgentId == done.Agent && history[0].Epoch == done.Epoch,
                    $"{id}'s own history shows completions [{string.Join("; ", history)}], the workers saw {done}");
            }

            // The vanished worker's leases ran out, including on the dead silo, and others finished its tasks.
            foreach (var (id, epoch) in ghostTasks)
            {
                var done = completions.Single(c => c.TaskId == id);
                Assert.True(done.Agent != Ghost && done.Epoch > epoch, $"{id} (held by the ghost at epoch {epoch}) was completed by {done.Agent} at epoch {done.Epoch}");
                Assert.Contains(views[id].Attempts, a => a.AgentId == Ghost && a.Epoch == epoch && a.Outcome == "expired");

                // The ghost comes back from the dead and completes with its old epoch: fenced off, nothing changes.
                var late = await client.GetGrain<ITaskGrain>(id).CompleteAsync(Ghost, epoch, "{\"late\":true}");
                Assert.Equal(TaskErrorCode.StaleEpoch, late.Error?.Code);
                var after = (await client.GetGrain<ITaskGrain>(id).GetAsync())!;
                Assert.Equal((views[id].Version, views[id].Result, views[id].CompletedAt), (after.Version, after.Result, after.CompletedAt));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>A layered graph: each task after the first layer depends on one to three tasks of the layer before.</summary>
    private static List<TaskSpec> Graph(Random random, string prefix)
    {
        var specs = new List<TaskSpec>();
        for (var layer = 0; layer < Layers; layer++)
        {
            for (var i = 0; i < PerLayer; i++)
            {
                var dependsOn = layer == 0
                    ? []
                    : Enumerable.Range(0, PerLayer).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(j => $"{prefix}-{layer - 1}-{j}").ToList();
                specs.Add(new TaskSpec($"{prefix}-{layer}-{i}", $"layer {layer} task {i}", null, (TaskPriority)random.Next(0, 4), ["durable"], dependsOn,
                    null, null, null, 3, [], null, null, null, "durability-test"));
            }
        }

        return specs;
    }

    private int CompletedTasks() => _completions.Select(c => c.TaskId).Distinct().Count();

    /// <summary>next → claim → a little work → complete with the claim's epoch, until stopped; every error is survived.</summary>
    private async Task WorkAsync(IClusterClient client, string agent, Random random, CancellationToken stop)
    {
        var board = client.GetGrain<ITaskBoardGrain>(0);
        var query = new TaskQuery(agent, ["durable"], [], null);
        while (!stop.IsCancellationRequested)
        {
            TaskView? next;
            try
            {
                next = await board.NextAsync(query);
            }
            catch (Exception ex)
            {
                Note(_exceptions, "next: " + ex.GetType().Name);
                await Pause(TimeSpan.FromMilliseconds(200), stop);
                continue;
            }

            if (next is null)
            {
                await Pause(TimeSpan.FromMilliseconds(50), stop);
                continue;
            }

            if (await ClaimAsync(client, next.Spec.Id, agent) is not { } epoch)
            {
                continue;
            }

            await Pause(TimeSpan.FromMilliseconds(random.Next(5, 30)), stop);
            await CompleteAsync(client, next.Spec.Id, agent, epoch);
        }
    }

    /// <summary>A claim whose reply is lost is asked again: the same agent gets its own claim back (the grain makes that idempotent).</summary>
    private async Task<long?> ClaimAsync(IClusterClient client, string id, string agent)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                var reply = await client.GetGrain<ITaskGrain>(id).ClaimAsync(agent, [], null);
                if (!reply.Succeeded)
                {
                    Note(_refusals, "claim: " + reply.Error!.Code);
                    return null;
                }

                _claims.Enqueue(new Claim(id, reply.Task!.Epoch, agent, _clock.Elapsed));
                return reply.Task.Epoch;
            }
            catch (Exception ex)
            {
                Note(_exceptions, "claim: " + ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }

        return null;
    }

    /// <summary>
    /// A completion whose reply is lost is sent again with the same epoch. If the task then says it is finished, its own history tells
    /// whether this agent's earlier attempt was the one accepted.
    /// </summary>
    private async Task CompleteAsync(IClusterClient client, string id, string agent, long epoch)
    {
        var lostReply = false;
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            try
            {
                var grain = client.GetGrain<ITaskGrain>(id);
                var reply = await grain.CompleteAsync(agent, epoch, $"{{\"by\":\"{agent}\"}}");
                if (reply.Succeeded)
                {
                    _completions.Enqueue(new Completion(id, epoch, agent, _clock.Elapsed, lostReply));
                    return;
                }

                if (lostReply && reply.Error!.Code == TaskErrorCode.Finished && reply.Task is { } view &&
                    view.Attempts.Any(a => a.Outcome == "completed" && a.AgentId == agent && a.Epoch == epoch))
                {
                    _completions.Enqueue(new Completion(id, epoch, agent, _clock.Elapsed, true));
                    return;
                }

                Note(_refusals, "complete: " + reply.Error!.Code);
                return;
            }
            catch (Exception ex)
            {
                lostReply = true;
                Note(_exceptions, "complete: " + ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    /// <summary>A worker that claims a few ready tasks and is never heard from again.</summary>
    private async Task<List<(string Id, long Epoch)>> GhostClaimsAsync(IClusterClient client)
    {
        var held = new List<(string Id, long Epoch)>();
        var board = client.GetGrain<ITaskBoardGrain>(0);
        for (var tries = 0; held.Count < GhostClaims && tries < 100; tries++)
        {
            if (await board.NextAsync(new TaskQuery(Ghost, ["durable"], [], null)) is { } next &&
                await client.GetGrain<ITaskGrain>(next.Spec.Id).ClaimAsync(Ghost, [], null) is { Succeeded: true } reply)
            {
                held.Add((next.Spec.Id, reply.Task!.Epoch));
                _claims.Enqueue(new Claim(next.Spec.Id, reply.Task.Epoch, Ghost, _clock.Elapsed));
            }
            else
            {
                await Task.Delay(20);
            }
        }

        Assert.True(held.Count > 0, "the ghost found nothing to claim");
        return held;
    }

    private async Task<Dictionary<string, TaskView>> ReadAllAsync(IClusterClient client, IEnumerable<string> ids)
    {
        var views = new Dictionary<string, TaskView>();
        foreach (var id in ids)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    views[id] = (await client.GetGrain<ITaskGrain>(id).GetAsync())!;
                    break;
                }
                catch (Exception) when (attempt < 5)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }

        return views;
    }

    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string? what)
    {
        var deadline = _clock.Elapsed + timeout;
        while (!condition())
        {
            if (_clock.Elapsed > deadline)
            {
                Assert.True(what is null, $"timed out after {timeout.TotalSeconds:0} s waiting for {what}; {CompletedTasks()} tasks completed");
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static async Task Pause(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Note(ConcurrentDictionary<string, int> counts, string key)
    {
        counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (counts == _exceptions)
        {
            _exceptionTimes.Enqueue((_clock.Elapsed, key));
        }
    }

    private static string Describe(ConcurrentDictionary<string, int> counts) =>
        counts.IsEmpty ? "none" : string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} ×{p.Value}"));
}
