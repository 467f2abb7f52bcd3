using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Commune.Bench.Tasks;

/// <summary>
/// The task benchmark (issue 4). Phase "drain": a layered DAG of N tasks, drained by W workers that each loop next → claim →
/// complete. Phase "claim": N independent tasks claimed by W workers taking ids from a shared list (the claim path alone). Reports
/// claims per second, duplicate claims (a task won twice: must be 0) and lost tasks (not completed at the end: must be 0).
/// </summary>
internal static class TaskDrainCommand
{
    public static async Task<int> RunAsync(TaskDrainOptions options)
    {
        await using ITaskDriver driver = options.Url is { } url ? new HttpTaskDriver(url) : await GrainTaskDriver.StartAsync(options.Postgres);
        var run = "b" + Guid.NewGuid().ToString("N")[..8];
        Console.Error.WriteLine($"tasks: {driver.Name}, {options.Tasks} tasks in {options.Layers} layers, {options.Workers} workers, run {run}");

        var drain = await DrainAsync(driver, options, run);
        var claims = await ClaimOnlyAsync(driver, options, run + "c");
        var report = new
        {
            target = driver.Name,
            tasks = options.Tasks,
            layers = options.Layers,
            workers = options.Workers,
            create_tasks_per_second = Math.Round(drain.CreateRate),
            drain_seconds = Math.Round(drain.Seconds, 3),
            drain_claims_per_second = Math.Round(drain.ClaimsPerSecond),
            drain_completed = drain.Completed,
            drain_lost_races = drain.LostRaces,
            drain_empty_next = drain.EmptyNext,
            duplicate_claims = drain.Duplicates,
            lost_tasks = drain.Lost,
            claim_only_claims_per_second = Math.Round(claims.ClaimsPerSecond),
            claim_only_duplicates = claims.Duplicates,
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drain: {drain.Seconds:0.00} s, {drain.ClaimsPerSecond:0} claims/s, {drain.LostRaces} lost races, duplicates {drain.Duplicates}, lost {drain.Lost}; " +
            $"claim only: {claims.ClaimsPerSecond:0} claims/s, duplicates {claims.Duplicates}"));
        Console.WriteLine(JsonSerializer.Serialize(report));
        return drain.Duplicates == 0 && drain.Lost == 0 && claims.Duplicates == 0 ? 0 : 1;
    }

    private static async Task<DrainResult> DrainAsync(ITaskDriver driver, TaskDrainOptions options, string run)
    {
        var layers = Dag.Layers(run, options.Tasks, options.Layers, options.Seed);
        var created = Stopwatch.StartNew();
        foreach (var layer in layers)
        {
            foreach (var chunk in layer.Chunk(1000))
            {
                await driver.CreateAsync(chunk);
            }
        }

        var createRate = options.Tasks / created.Elapsed.TotalSeconds;
        var before = await driver.CountCompletedAsync();
        var wins = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long completed = 0, lostRaces = 0, emptyNext = 0;
        using var timeout = new CancellationTokenSource(options.Timeout);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(async () =>
        {
            var agent = $"{run}-w{w}";
            while (Interlocked.Read(ref completed) < options.Tasks && !timeout.IsCancellationRequested)
            {
                if (await driver.NextAsync(agent) is not { } id)
                {
                    Interlocked.Increment(ref emptyNext);
                    await Task.Delay(2);
                    continue;
                }

                if (await driver.ClaimAsync(id, agent) is not { } epoch)
                {
                    Interlocked.Increment(ref lostRaces);
                    continue;
                }

                wins.AddOrUpdate(id, 1, (_, n) => n + 1);
                if (await driver.CompleteAsync(id, agent, epoch))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var done = await driver.CountCompletedAsync() - before;
        return new DrainResult(createRate, seconds, wins.Values.Sum() / seconds, (int)completed, lostRaces, emptyNext,
            wins.Count(p => p.Value > 1), options.Tasks - done);
    }

    private static async Task<DrainResult> ClaimOnlyAsync(ITaskDriver driver, TaskDrainOptions options, string run)
    {
        var ids = Enumerable.Range(0, options.Tasks).Select(i => $"{run}-{i}").ToArray();
        foreach (var chunk in ids.Chunk(1000))
        {
            await driver.CreateAsync([.. chunk.Select(id => new DagTask(id, "medium", []))]);
        }

        var next = -1;
        var wins = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(w => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < ids.Length; i = Interlocked.Increment(ref next))
            {
                if (await driver.ClaimAsync(ids[i], $"{run}-w{w}") is not null)
                {
                    wins.AddOrUpdate(ids[i], 1, (_, n) => n + 1);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new DrainResult(0, seconds, wins.Values.Sum() / seconds, 0, 0, 0, wins.Count(p => p.Value > 1), 0);
    }

    private sealed record DrainResult(
        double CreateRate, double Seconds, double ClaimsPerSecond, int Completed, long LostRaces, long EmptyNext, int Duplicates, int Lost);
}
