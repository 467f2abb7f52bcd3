using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Commune.Bench.Tasks;

namespace Commune.Bench.Faults;

/// <summary>
/// The fault benchmark: a layered DAG drained over HTTP by W workers (next → claim → complete, each retried on a 5xx or a
/// transport failure as an agent would), while a shell command injects one fault once a share of the graph is done (a silo
/// SIGKILL, a PostgreSQL restart). Reports what an operator asks after a fault: tasks lost, done twice, or started after one of
/// their dependents had completed (all must be 0), the 5xx count, the longest request, and the time until throughput came back.
/// </summary>
internal static class FaultDrainCommand
{
    public static async Task<int> RunAsync(FaultDrainOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = new RequestLog(clock);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri(options.Url + "/"),
            Timeout = options.RequestTimeout,
        };
        var api = new FaultTaskApi(http, log);
        var run = "f" + Guid.NewGuid().ToString("N")[..8];
        var layers = Dag.Layers(run, options.Tasks, options.Layers, options.Seed);
        var all = layers.SelectMany(l => l).ToList();
        var dependents = all.SelectMany(t => t.DependsOn.Select(d => (Dependency: d, Dependent: t.Id)))
            .ToLookup(e => e.Dependency, e => e.Dependent, StringComparer.Ordinal);
        Console.Error.WriteLine($"faults: {options.Url}, {options.Tasks} tasks in {options.Layers} layers, {options.Workers} workers, run {run}");
        foreach (var chunk in layers.SelectMany(l => l).Chunk(500))
        {
            await api.CreateAsync(chunk);
        }

        var completedAt = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var wins = new ConcurrentDictionary<string, ConcurrentBag<(string Agent, long Epoch)>>(StringComparer.Ordinal);
        var doneBy = new ConcurrentDictionary<string, ConcurrentBag<(string Agent, long Epoch)>>(StringComparer.Ordinal);
        var startedAfterDependent = new ConcurrentBag<string>();
        var completions = new ConcurrentQueue<double>();
        long completed = 0;
        var faultAt = -1.0;
        var faultTask = Task.CompletedTask;
        var faultLock = new object();
        using var deadline = new CancellationTokenSource(options.Timeout);
        var drainStart = log.Now;

        void MaybeInjectFault()
        {
            if (options.Fault is null || faultAt >= 0 || Interlocked.Read(ref completed) < options.Tasks * options.FaultAfter)
            {
                return;
            }

            lock (faultLock)
            {
                if (faultAt < 0)
                {
                    faultAt = log.Now;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fault at {faultAt - drainStart:0.0} s: {options.Fault}"));
                    faultTask = RunShellAsync(options.Fault);
                }
            }
        }

        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(async () =>
        {
            var agent = $"{run}-w{w}";
            while (Interlocked.Read(ref completed) < options.Tasks && !deadline.IsCancellationRequested)
            {
                MaybeInjectFault();
                var next = await api.NextAsync(agent);
                if (next.Retry)
                {
                    await Task.Delay(200);
                    continue;
                }

                if (next.Id is not { } id)
                {
                    await Task.Delay(5);
                    continue;
                }

                var epoch = await api.ClaimAsync(id, agent, deadline.Token);
                if (epoch is not { } won)
                {
                    continue;
                }

                wins.GetOrAdd(id, _ => []).Add((agent, won));
                if (dependents[id].Any(completedAt.ContainsKey))
                {
                    startedAfterDependent.Add(id);
                }

                if (await api.CompleteAsync(id, agent, won, deadline.Token))
                {
                    doneBy.GetOrAdd(id, _ => []).Add((agent, won));
                    if (completedAt.TryAdd(id, log.Now))
                    {
                        completions.Enqueue(log.Now - drainStart);
                        Interlocked.Increment(ref completed);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var drainSeconds = log.Now - drainStart;
        await faultTask;

        var check = await api.VerifyAsync(all);
        var fault = faultAt < 0 ? (double?)null : faultAt - drainStart;
        var baseline = fault is { } f ? Throughput.Before([.. completions], f) : 0;
        var recovery = fault is { } g ? Throughput.Recovery([.. completions], g, baseline) : null;
        var longest = log.Longest();
        var report = new
        {
            url = options.Url,
            tasks = options.Tasks,
            workers = options.Workers,
            fault = options.Fault,
            fault_at_seconds = fault is null ? (double?)null : Math.Round(fault.Value, 2),
            drain_seconds = Math.Round(drainSeconds, 2),
            lost = check.NotCompleted,
            duplicated = doneBy.Count(p => p.Value.Distinct().Count() > 1),
            started_after_dependent = startedAfterDependent.Distinct().Count(),
            completed_after_dependent = check.OrderViolations,
            requests = log.Count,
            server_errors = log.ServerErrors,
            transport_failures = log.TransportFailures,
            statuses = log.StatusCounts,
            applied_but_refused = api.AppliedButRefused,
            longest_request_ms = Math.Round(longest.Milliseconds),
            longest_request_at_seconds = Math.Round(longest.At - drainStart, 2),
            longest_request_operation = longest.Operation,
            longest_request_after_fault_ms = fault is { } h ? Math.Round(log.LongestSince(h + drainStart)) : (double?)null,
            throughput_before_fault = Math.Round(baseline, 1),
            recovery_seconds = recovery is null ? (double?)null : Math.Round(recovery.Value, 2),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return check.NotCompleted == 0 && report.duplicated == 0 && report.started_after_dependent == 0 && check.OrderViolations == 0 ? 0 : 1;
    }

    private static async Task RunShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start bash for --fault");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"faults: the fault command exited with {process.ExitCode}");
        }
    }
}
