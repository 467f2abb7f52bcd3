using Commune.Tasks;
using Commune.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Cluster;

/// <summary>
/// Random task graphs driven by random agents against real task, queue and board grains, checked step by step against a model of what
/// must hold: nothing pending or held waits on an unfinished dependency, a held task has one agent and its epoch only grows, a command
/// with a stale epoch is refused and changes nothing, a completed task stays completed, no task drops out of the index, and draining
/// finishes everything whose dependencies completed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TaskGraphPropertyTests(ClusterFixture cluster, TaskClusterFixture tasks) : IClassFixture<TaskClusterFixture>
{
    private const int ThrashLimit = 3; // Tasks:ThrashLimit's default, which the fixture keeps.
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(200);

    public enum Kind
    {
        NextClaim,
        ClaimById,
        Update,
        Complete,
        CompleteStale,
        Fail,
        Release,
        Expire,
    }

    /// <summary>Task i of a graph: its priority, attempts, and the lower-numbered tasks it depends on (so the graph is acyclic).</summary>
    public sealed record Node(int Priority, int MaxAttempts, int[] DependsOn)
    {
        public override string ToString() => $"p{Priority}/a{MaxAttempts}[{string.Join(",", DependsOn)}]";
    }

    /// <summary>One agent's action; <see cref="Pick"/> chooses among the tasks the action applies to.</summary>
    public sealed record Op(Kind Kind, int Agent, int Pick)
    {
        public override string ToString() => $"{Kind}(a{Agent},{Pick})";
    }

    public sealed record Scenario(Node[] Nodes, int Agents, Op[] Ops)
    {
        public override string ToString() =>
            $"{Nodes.Length} tasks {{{string.Join(" ", Nodes.Select((n, i) => $"{i}:{n}"))}}}, {Agents} agents, ops [{string.Join(" ", Ops.Select(o => o.ToString()))}]";
    }

    private static Gen<Node> NodeAt(int index) =>
        from priority in Gen.Choose(0, 3)
        from attempts in Gen.Choose(1, 3)
        from edges in Gen.Choose(0, 4).ArrayOf(index)
        select new Node(priority, attempts, [.. Enumerable.Range(0, index).Where(j => edges[j] == 0)]);

    private static readonly Gen<Kind> Kinds = Gen.Frequency(
        (20, Gen.Constant(Kind.NextClaim)),
        (8, Gen.Constant(Kind.ClaimById)),
        (10, Gen.Constant(Kind.Update)),
        (20, Gen.Constant(Kind.Complete)),
        (10, Gen.Constant(Kind.CompleteStale)),
        (8, Gen.Constant(Kind.Fail)),
        (8, Gen.Constant(Kind.Release)),
        (4, Gen.Constant(Kind.Expire)));

    private static readonly Arbitrary<Scenario> Scenarios =
        (from n in Gen.Choose(2, 25)
         from nodes in Gen.CollectToArray(Enumerable.Range(0, n), NodeAt)
         from agents in Gen.Choose(1, 5)
         from count in Gen.Choose(5, 40)
         from ops in (from kind in Kinds
                      from agent in Gen.Choose(0, agents - 1)
                      from pick in Gen.Choose(0, 10_000)
                      select new Op(kind, agent, pick)).ArrayOf(count)
         select new Scenario(nodes, agents, ops))
        .ToArbitrary();

    [Fact]
    public void Random_operations_on_a_random_task_graph_keep_every_invariant_and_draining_finishes_the_graph()
    {
        Prop.ForAll(Scenarios, scenario => new GraphRun(tasks.Client, scenario).RunAsync())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void Claim_is_won_by_exactly_one_of_up_to_twenty_concurrent_agents()
    {
        Prop.ForAll(Gen.Choose(2, 20).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(), (agents, earlierClaims) => OneWinnerAsync(agents, earlierClaims))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    private async Task<bool> OneWinnerAsync(int agents, int earlierClaims)
    {
        var id = "race-" + Guid.NewGuid().ToString("N");
        var created = await cluster.Client.GetGrain<ITaskBoardGrain>(0).CreateAsync([Spec(id, "race", TaskPriority.Medium, [], 3)]);
        Check(created.Error is null, $"create failed: {created.Error}");

        // Some history first, so the race starts from a later epoch than 1.
        for (var i = 0; i < earlierClaims; i++)
        {
            var claimed = await cluster.Client.GetGrain<ITaskGrain>(id).ClaimAsync($"earlier-{i}", [], null);
            Check(claimed.Succeeded, $"earlier claim {i}: {claimed.Error}");
            var released = await cluster.Client.GetGrain<ITaskGrain>(id).ReleaseAsync($"earlier-{i}", claimed.Task!.Epoch, "race setup");
            Check(released.Succeeded, $"earlier release {i}: {released.Error}");
        }

        var startEpoch = (await cluster.Client.GetGrain<ITaskGrain>(id).GetAsync())!.Epoch;

        // The callers come from the client and from both silos, all released at once.
        IGrainFactory[] factories =
        [
            cluster.Client,
            .. cluster.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()),
        ];
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claims = Enumerable.Range(0, agents).Select(async i =>
        {
            await go.Task;
            return await factories[i % factories.Length].GetGrain<ITaskGrain>(id).ClaimAsync($"racer-{i}", [], null);
        }).ToArray();
        go.SetResult();
        var replies = await Task.WhenAll(claims);

        var winners = replies.Select((r, i) => (r, i)).Where(p => p.r.Succeeded).ToList();
        Check(winners.Count == 1, $"{winners.Count} of {agents} concurrent claims won: {string.Join(", ", winners.Select(w => $"racer-{w.i}"))}");
        Check(replies.Where(r => !r.Succeeded).All(r => r.Error!.Code == TaskErrorCode.Taken),
            "a losing claim was refused for another reason than Taken: " + string.Join(", ", replies.Where(r => !r.Succeeded).Select(r => r.Error!.Code)));
        var view = (await cluster.Client.GetGrain<ITaskGrain>(id).GetAsync())!;
        var (winner, index) = winners[0];
        Check(view.AgentId == $"racer-{index}" && view.Status == WorkStatus.Claimed, $"the task is held by {view.AgentId} ({view.Status}), the winner was racer-{index}");
        Check(winner.Task!.Epoch == startEpoch + 1 && view.Epoch == startEpoch + 1, $"epoch {view.Epoch} after one claim from {startEpoch}");
        return true;
    }

    private static TaskSpec Spec(string id, string tag, TaskPriority priority, IReadOnlyList<string> dependsOn, int maxAttempts) =>
        new(id, "task " + id, null, priority, [tag], dependsOn, null, null, null, maxAttempts, [], null, null, null, "property-test");

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantBroken(message);
        }
    }

    private sealed class InvariantBroken(string message) : Exception(message);

    /// <summary>What the test believes about one task; every grain view is compared with it.</summary>
    private sealed class Model(int index, string id, Node node)
    {
        public int Index { get; } = index;
        public string Id { get; } = id;
        public Node Node { get; } = node;
        public WorkStatus Status { get; set; }
        public string? Agent { get; set; }
        public long Epoch { get; set; }
        public int Failures { get; set; }
        public string? Checkpoint { get; set; }
        public Dictionary<string, int> Thrash { get; } = [];
        public List<(long Epoch, string Agent)> Claims { get; } = [];
        public bool Held => Status.IsHeld();
        public int ThrashOf(string agent) => Thrash.GetValueOrDefault(agent);
    }

    /// <summary>One generated scenario run against the cluster.</summary>
    private sealed class GraphRun(IClusterClient client, Scenario scenario)
    {
        private readonly string _tag = "prop-" + Guid.NewGuid().ToString("N")[..12];
        private readonly List<Model> _model = [];
        private readonly Dictionary<string, long> _lastEpoch = [];
        private readonly Dictionary<string, (DateTimeOffset At, string? Result)> _completed = [];
        private int _step;
        private string _where = "create";

        private ITaskBoardGrain Board => client.GetGrain<ITaskBoardGrain>(0);

        private ITaskGrain Grain(Model t) => client.GetGrain<ITaskGrain>(t.Id);

        private TaskQuery Query(string agent) => new(agent, [_tag], [], null);

        private static string AgentName(int agent) => $"agent-{agent}";

        public async Task<bool> RunAsync()
        {
            var nodes = scenario.Nodes;
            for (var i = 0; i < nodes.Length; i++)
            {
                _model.Add(new Model(i, $"{_tag}-t{i}", nodes[i]));
            }

            var specs = _model.Select(t => Spec(t.Id, _tag, (TaskPriority)t.Node.Priority, [.. t.Node.DependsOn.Select(d => _model[d].Id)], t.Node.MaxAttempts)).ToList();
            var created = await Board.CreateAsync(specs);
            Verify(created.Error is null, $"the batch was refused: {created.Error}");
            Verify(created.Tasks.Count == nodes.Length, $"{created.Tasks.Count} of {nodes.Length} tasks created");
            Reconcile();
            await CheckAsync();

            foreach (var op in scenario.Ops)
            {
                _step++;
                _where = $"step {_step} {op}";
                await ApplyAsync(op);
                await CheckAsync();
            }

            await DrainAsync();
            return true;
        }

        private void Verify(bool condition, string message) => Check(condition, $"[{_tag}, {_where}] {message}");

        /// <summary>A task nobody holds and that is not finished is pending exactly when all its dependencies completed.</summary>
        private void Reconcile()
        {
            foreach (var t in _model.Where(t => !t.Held && !t.Status.IsTerminal()))
            {
                t.Status = t.Node.DependsOn.All(d => _model[d].Status == WorkStatus.Completed) ? WorkStatus.Pending : WorkStatus.Blocked;
            }
        }

        private Model Pick(IReadOnlyList<Model> among, int pick) => among[pick % among.Count];

        private async Task ApplyAsync(Op op)
        {
            var agent = AgentName(op.Agent);
            var mine = _model.Where(t => t.Held && t.Agent == agent).ToList();
            switch (op.Kind)
            {
                case Kind.NextClaim:
                {
                    var pending = _model.Where(t => t.Status == WorkStatus.Pending).ToList();
                    var next = await Board.NextAsync(Query(agent));
                    if (pending.Count == 0)
                    {
                        Verify(next is null, $"next offered {next?.Spec.Id} ({next?.Status}) but nothing is pending");
                        return;
                    }

                    Verify(next is not null, $"next offered nothing while {pending.Count} tasks are pending: {string.Join(", ", pending.Select(p => p.Id))}");
                    var offered = _model.SingleOrDefault(t => t.Id == next!.Spec.Id);
                    Verify(offered is not null && offered.Status == WorkStatus.Pending, $"next offered {next!.Spec.Id}, which is {offered?.Status.ToString() ?? "not in this graph"}");
                    Verify(offered!.Node.Priority == pending.Max(p => p.Node.Priority),
                        $"next offered priority {offered.Node.Priority} while priority {pending.Max(p => p.Node.Priority)} is pending");
                    await ClaimAsync(offered, agent, null);
                    return;
                }

                case Kind.ClaimById:
                    await ClaimAsync(Pick(_model, op.Pick), agent, null);
                    return;

                case Kind.Update:
                {
                    if (mine.Count > 0)
                    {
                        var t = Pick(mine, op.Pick);
                        var checkpoint = $"{{\"step\":{_step}}}";
                        await CommandAsync(t, null, g => g.UpdateAsync(new TaskUpdate(agent, t.Epoch, $"note {_step}", op.Pick % 101, checkpoint)));
                        t.Status = WorkStatus.InProgress;
                        t.Checkpoint = checkpoint;
                    }
                    else
                    {
                        var t = Pick(_model, op.Pick);
                        await CommandAsync(t, NotHolderRefusal(t), g => g.UpdateAsync(new TaskUpdate(agent, t.Epoch, "not mine", null, "{}")));
                    }

                    return;
                }

                case Kind.Complete:
                {
                    if (mine.Count > 0)
                    {
                        var t = Pick(mine, op.Pick);
                        await CommandAsync(t, null, g => g.CompleteAsync(agent, t.Epoch, $"{{\"by\":\"{agent}\",\"step\":{_step}}}"));
                        t.Status = WorkStatus.Completed;
                        Reconcile();
                        return;
                    }

                    // Nothing held: try to complete a completed task again (as its completer, with its current epoch), or someone else's.
                    var done = _model.Where(t => t.Status == WorkStatus.Completed).ToList();
                    if (done.Count > 0)
                    {
                        var t = Pick(done, op.Pick);
                        await CommandAsync(t, TaskErrorCode.Finished, g => g.CompleteAsync(t.Agent!, t.Epoch, "{\"again\":true}"));
                    }
                    else
                    {
                        var t = Pick(_model, op.Pick);
                        await CommandAsync(t, NotHolderRefusal(t), g => g.CompleteAsync(agent, t.Epoch, "{}"));
                    }

                    return;
                }

                case Kind.CompleteStale:
                {
                    // The late holder: an agent whose claim (epoch) is no longer the task's. Without history, a future epoch.
                    var t = Pick(_model, op.Pick);
                    var old = t.Claims.Where(c => c.Epoch != t.Epoch).ToList();
                    var (epoch, who) = old.Count > 0 ? old[op.Pick / _model.Count % old.Count] : (t.Epoch + 1, agent);
                    await CommandAsync(t, TaskErrorCode.StaleEpoch, g => g.CompleteAsync(who, epoch, "{\"late\":true}"));
                    return;
                }

                case Kind.Fail:
                {
                    if (mine.Count > 0)
                    {
                        var t = Pick(mine, op.Pick);
                        await CommandAsync(t, null, g => g.FailAsync(agent, t.Epoch, $"error at step {_step}"));
                        t.Failures++;
                        t.Epoch++;
                        if (t.Failures < t.Node.MaxAttempts)
                        {
                            t.Status = WorkStatus.Pending;
                            t.Agent = null;
                        }
                        else
                        {
                            t.Status = WorkStatus.Failed; // The view keeps the last holder's name.
                            Reconcile();
                        }
                    }
                    else
                    {
                        var t = Pick(_model, op.Pick);
                        await CommandAsync(t, NotHolderRefusal(t), g => g.FailAsync(agent, t.Epoch, "not mine"));
                    }

                    return;
                }

                case Kind.Release:
                {
                    if (mine.Count > 0)
                    {
                        var t = Pick(mine, op.Pick);
                        await CommandAsync(t, null, g => g.ReleaseAsync(agent, t.Epoch, "letting go"));
                        LoseClaim(t, agent);
                    }
                    else
                    {
                        var t = Pick(_model, op.Pick);
                        await CommandAsync(t, NotHolderRefusal(t), g => g.ReleaseAsync(agent, t.Epoch, "not mine"));
                    }

                    return;
                }

                case Kind.Expire:
                {
                    var pending = _model.Where(t => t.Status == WorkStatus.Pending).ToList();
                    if (pending.Count > 0)
                    {
                        await ExpireAsync(Pick(pending, op.Pick), agent);
                    }

                    return;
                }
            }
        }

        /// <summary>What a holder-only command with the current epoch gets from a caller who does not hold the task.</summary>
        private static TaskErrorCode NotHolderRefusal(Model t) => t.Status.IsTerminal() ? TaskErrorCode.Finished : TaskErrorCode.WrongState;

        private void LoseClaim(Model t, string agent)
        {
            t.Status = WorkStatus.Pending;
            t.Agent = null;
            t.Epoch++;
            t.Thrash[agent] = t.ThrashOf(agent) + 1;
        }

        private async Task<TaskReply> ClaimAsync(Model t, string agent, TimeSpan? lease)
        {
            TaskErrorCode? expected =
                t.Held && t.Agent == agent ? null :
                t.Status.IsTerminal() ? TaskErrorCode.Finished :
                t.Status == WorkStatus.Blocked ? TaskErrorCode.NotReady :
                t.Held ? TaskErrorCode.Taken :
                t.ThrashOf(agent) >= ThrashLimit ? TaskErrorCode.Throttled :
                null;
            var again = t.Held && t.Agent == agent;
            var reply = await CommandAsync(t, expected, g => g.ClaimAsync(agent, [], lease), changes: !again);
            if (reply.Succeeded && !again)
            {
                t.Status = WorkStatus.Claimed;
                t.Agent = agent;
                t.Epoch++;
                Verify(t.Claims.All(c => c.Epoch != t.Epoch), $"epoch {t.Epoch} of {t.Id} was handed out twice");
                t.Claims.Add((t.Epoch, agent));
                Verify(reply.Task!.Epoch == t.Epoch, $"claim of {t.Id} answered epoch {reply.Task.Epoch}, expected {t.Epoch}");
            }

            return reply;
        }

        /// <summary>A claim with a short lease that is never renewed: the lease runs out on its own and the late holder is fenced off.</summary>
        private async Task ExpireAsync(Model t, string agent)
        {
            var claimed = await ClaimAsync(t, agent, ShortLease);
            if (!claimed.Succeeded)
            {
                return; // Throttled (the model said so): nothing to expire.
            }

            var epoch = t.Epoch;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            TaskView view;
            while ((view = (await Grain(t).GetAsync())!).Status != WorkStatus.Pending && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Verify(view.Status == WorkStatus.Pending, $"{t.Id}'s {ShortLease.TotalMilliseconds} ms lease did not expire within 5 s ({view.Status}, lease until {view.LeaseExpiresAt:O})");
            var attempt = view.Attempts[^1];
            Verify(attempt.Outcome == "expired" && attempt.Epoch == epoch && attempt.EndedAt - attempt.StartedAt >= ShortLease,
                $"{t.Id}'s last attempt is {attempt}, expected an expiry of epoch {epoch} after at least {ShortLease.TotalMilliseconds} ms");

            // The expiry turn reports to the shard after writing; wait for the index to catch up before checking it.
            while (DateTime.UtcNow < deadline && (await Board.ListAsync(null, _tag, 1000)).Single(s => s.Id == t.Id).Version < view.Version)
            {
                await Task.Delay(20);
            }

            LoseClaim(t, agent);
            await CommandAsync(t, TaskErrorCode.StaleEpoch, g => g.CompleteAsync(agent, epoch, "{\"late\":true}"));
        }

        /// <summary>Runs a command and checks its outcome: the expected refusal changes nothing, an accepted command changes the task.</summary>
        private async Task<TaskReply> CommandAsync(Model t, TaskErrorCode? expected, Func<ITaskGrain, Task<TaskReply>> command, bool changes = true)
        {
            var before = (await Grain(t).GetAsync())!;
            var reply = await command(Grain(t));
            var after = (await Grain(t).GetAsync())!;
            if (expected is { } code)
            {
                Verify(reply.Error?.Code == code, $"{t.Id} ({t.Status}, epoch {t.Epoch}, {t.Agent}): expected {code}, got {(reply.Error is null ? "success" : reply.Error.Code + ": " + reply.Error.Message)}");
            }
            else
            {
                Verify(reply.Succeeded, $"{t.Id} ({t.Status}, epoch {t.Epoch}, {t.Agent}): expected success, got {reply.Error?.Code}: {reply.Error?.Message}");
            }

            if (!reply.Succeeded || !changes)
            {
                Verify(after.Version == before.Version && after.Status == before.Status && after.Epoch == before.Epoch && after.AgentId == before.AgentId,
                    $"{(reply.Succeeded ? "a repeated claim" : "refused " + reply.Error!.Code)} changed {t.Id}: version {before.Version}→{after.Version}, " +
                    $"{before.Status}→{after.Status}, epoch {before.Epoch}→{after.Epoch}, agent {before.AgentId}→{after.AgentId}");
            }
            else
            {
                Verify(after.Version > before.Version, $"an accepted command left {t.Id} at version {after.Version}");
            }

            return reply;
        }

        /// <summary>Every task's view against the model and the invariants, and the index against the views.</summary>
        private async Task CheckAsync()
        {
            var views = await Task.WhenAll(_model.Select(t => Grain(t).GetAsync()));
            var index = (await Board.ListAsync(null, _tag, 1000)).ToDictionary(s => s.Id);
            Verify(index.Count == _model.Count, $"the index lists {index.Count} of {_model.Count} tasks; missing: {string.Join(", ", _model.Where(t => !index.ContainsKey(t.Id)).Select(t => t.Id))}");
            foreach (var t in _model)
            {
                var v = views[t.Index];
                Verify(v is not null, $"{t.Id} is gone");
                var what = $"{t.Id} (view {v!.Status} epoch {v.Epoch} agent {v.AgentId}; model {t.Status} epoch {t.Epoch} agent {t.Agent})";

                // The invariants, stated against the grains themselves.
                if (v.Status == WorkStatus.Pending || v.Status.IsHeld())
                {
                    var unfinished = t.Node.DependsOn.Where(d => views[d]!.Status != WorkStatus.Completed).Select(d => _model[d].Id).ToList();
                    Verify(unfinished.Count == 0 && v.WaitingOn.Count == 0, $"{what} is {v.Status} with unfinished dependencies {string.Join(", ", unfinished)} / waiting on {string.Join(", ", v.WaitingOn)}");
                }

                if (v.Status.IsHeld())
                {
                    Verify(v.AgentId is not null && v.LeaseExpiresAt is not null, $"{what} is held without an agent or lease");
                }
                else if (!v.Status.IsTerminal())
                {
                    Verify(v.AgentId is null && v.LeaseExpiresAt is null, $"{what} is {v.Status} but still names a holder or lease");
                }

                Verify(v.Epoch >= _lastEpoch.GetValueOrDefault(t.Id), $"{what}: the epoch went back from {_lastEpoch.GetValueOrDefault(t.Id)}");
                _lastEpoch[t.Id] = v.Epoch;

                if (_completed.TryGetValue(t.Id, out var first))
                {
                    Verify(v.Status == WorkStatus.Completed && v.CompletedAt == first.At && v.Result == first.Result, $"{what} was completed at {first.At:O} and is no longer as it was");
                }
                else if (v.Status == WorkStatus.Completed)
                {
                    _completed[t.Id] = (v.CompletedAt!.Value, v.Result);
                }

                var completions = v.Attempts.Count(a => a.Outcome == "completed");
                Verify(completions == (v.Status == WorkStatus.Completed ? 1 : 0), $"{what} records {completions} completions");
                Verify(v.Attempts.Select(a => a.Epoch).Distinct().Count() == v.Attempts.Count,
                    $"{what}: a claim ended more than once in the history: {string.Join("; ", v.Attempts.Select(a => $"#{a.Number} {a.AgentId}@{a.Epoch} {a.Outcome}"))}");
                Verify(v.Attempts.All(a => t.Claims.Contains((a.Epoch, a.AgentId))), $"{what} records an attempt nobody was granted");

                // The model.
                Verify(v.Status == t.Status && v.Epoch == t.Epoch && v.AgentId == t.Agent, $"{what} differs from the model");
                Verify(v.Checkpoint == t.Checkpoint && v.AttemptCount == t.Failures, $"{what}: checkpoint {v.Checkpoint} / {v.AttemptCount} failures, model {t.Checkpoint} / {t.Failures}");

                // The index agrees with the task on everything it keeps. Its version may trail: a task does not report a write that
                // changed nothing the index keeps (a dependency completing while others are unfinished), but never leads.
                var s = index[t.Id];
                Verify(s.Version <= v.Version && s.Status == v.Status && s.Epoch == v.Epoch && s.AgentId == v.AgentId && s.LeaseExpiresAt == v.LeaseExpiresAt,
                    $"{what}: the index has version {s.Version} {s.Status} epoch {s.Epoch} agent {s.AgentId}, the task version {v.Version}");
            }
        }

        /// <summary>Holders finish what they hold, then one agent takes whatever is ready until nothing is.</summary>
        private async Task DrainAsync()
        {
            _where = "drain";
            foreach (var t in _model.Where(t => t.Held).ToList())
            {
                await CommandAsync(t, null, g => g.CompleteAsync(t.Agent!, t.Epoch, "{\"drained\":true}"));
                t.Status = WorkStatus.Completed;
                Reconcile();
            }

            await CheckAsync();
            for (var round = 0; round <= _model.Count; round++)
            {
                var next = await Board.NextAsync(Query("drainer"));
                if (next is null)
                {
                    break;
                }

                var t = _model.SingleOrDefault(m => m.Id == next.Spec.Id);
                Verify(t is not null, $"next offered {next.Spec.Id}, which is not in this graph");
                var claimed = await ClaimAsync(t!, "drainer", null);
                await CommandAsync(t!, null, g => g.CompleteAsync("drainer", claimed.Task!.Epoch, "{\"drained\":true}"));
                t!.Status = WorkStatus.Completed;
                Reconcile();
                await CheckAsync();
            }

            // Every task whose dependencies all completed, and which did not fail itself, is completed; nothing is left ready or held.
            var views = (await Task.WhenAll(_model.Select(t => Grain(t).GetAsync()))).Select(v => v!).ToArray();
            foreach (var t in _model)
            {
                var v = views[t.Index];
                var depsDone = t.Node.DependsOn.All(d => views[d].Status == WorkStatus.Completed);
                Verify(v.Status is WorkStatus.Completed or WorkStatus.Failed or WorkStatus.Blocked, $"{t.Id} is {v.Status} after draining");
                Verify(!depsDone || v.Status != WorkStatus.Blocked, $"{t.Id} is blocked after draining though all its dependencies completed");
                Verify(depsDone || v.Status == WorkStatus.Blocked, $"{t.Id} is {v.Status} though a dependency did not complete");
            }
        }
    }
}
