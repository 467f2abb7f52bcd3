using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Commune.Bench.Load;

namespace Commune.Bench.Agents;

/// <summary>
/// Direct messages per second end to end (issue 5). M registered agents; C senders in a closed loop, each sending a <c>direct</c> message
/// from a random agent to another random agent and the next one when it is answered; R readers cycling over the agents, reading each
/// inbox and acknowledging what they read (so no inbox fills). After a warm-up, the recorded window counts messages accepted and
/// messages read and acknowledged, and the latency of each accepted send. At the end the readers drain every inbox, and every accepted
/// message must have been read exactly once, from the inbox of the agent it was sent to (exit 1 otherwise).
/// </summary>
internal static class MessageBenchCommand
{
    private const string Payload = "{\"text\":\"hello from the benchmark\",\"n\":1}";

    public static async Task<int> RunAsync(MessageBenchOptions options)
    {
        await using IMessageDriver driver = options.Url is { } url
            ? new HttpMessageDriver(url)
            : new GrainMessageDriver(await AgentBenchSilo.StartAsync(new Dictionary<string, string?>
            {
                ["Messages:RatePerSecond"] = options.RatePerSecond.ToString(CultureInfo.InvariantCulture),
                ["Messages:Burst"] = options.Burst.ToString(CultureInfo.InvariantCulture),
            }));
        var run = "m" + Guid.NewGuid().ToString("N")[..8];
        var agents = Enumerable.Range(0, options.Agents).Select(i => $"{run}-{i:D5}").ToArray();
        Console.Error.WriteLine($"messages: {driver.Name}, {options.Agents} agents, {options.Concurrency} senders, {options.Readers} readers, " +
            $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s, run {run}");

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < agents.Length; i = Interlocked.Increment(ref next))
            {
                await driver.RegisterAsync(agents[i], ["chat", "review"]);
            }
        })));

        if (options.Probe && driver is GrainMessageDriver grainDriver)
        {
            await MessagePathProbe.RunAsync(grainDriver.Grains, grainDriver.Services, agents, options.Concurrency, options.Duration);
            return 0;
        }

        var accepted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var refused = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long misdelivered = 0, errors = 0, acceptedInWindow = 0, deliveredInWindow = 0, reads = 0, emptyReads = 0;
        var clock = Stopwatch.StartNew();
        var windowStart = options.Warmup;
        var windowEnd = options.Warmup + options.Duration;
        bool InWindow() => clock.Elapsed >= windowStart && clock.Elapsed < windowEnd;
        var sendersDone = 0;
        TimeSpan cpuAtStart = TimeSpan.Zero, cpuAtEnd = TimeSpan.Zero;
        var window = Task.Run(async () =>
        {
            // The process's CPU time over the window: on a shared machine, messages per CPU-second moves less than messages per second.
            await Task.Delay(windowStart);
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(options.Duration);
            cpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
        });

        var readers = Enumerable.Range(0, options.Readers).Select(r => Task.Run(async () =>
        {
            var mine = agents.Where((_, i) => i % options.Readers == r).ToArray();
            while (true)
            {
                var finishing = Volatile.Read(ref sendersDone) == 1;
                var found = 0;
                foreach (var agent in mine)
                {
                    var page = await driver.ReadAsync(agent, 1000);
                    Interlocked.Increment(ref reads);
                    if (page.Count == 0)
                    {
                        Interlocked.Increment(ref emptyReads);
                        continue;
                    }

                    found += page.Count;
                    foreach (var (id, to) in page)
                    {
                        received.AddOrUpdate(id, 1, (_, n) => n + 1);
                        if (to != agent)
                        {
                            Interlocked.Increment(ref misdelivered);
                        }
                    }

                    await driver.AckAsync(agent, [.. page.Select(m => m.Id)]);
                    if (InWindow())
                    {
                        Interlocked.Add(ref deliveredInWindow, page.Count);
                    }
                }

                if (finishing && found == 0)
                {
                    return;
                }

                // A pause between passes, so a reader does not spin on empty inboxes.
                await Task.Delay(options.ReadInterval);
            }
        })).ToArray();

        var latencies = new List<long>[options.Concurrency];
        var senders = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(options.Seed + w);
            var mine = latencies[w] = new List<long>(1 << 16);
            while (clock.Elapsed < windowEnd)
            {
                var from = random.Next(agents.Length);
                var to = (from + 1 + random.Next(agents.Length - 1)) % agents.Length;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var (id, refusal) = await driver.SendAsync(agents[from], agents[to], Payload);
                    var elapsed = Stopwatch.GetTimestamp() - started;
                    if (id is not null)
                    {
                        accepted[id] = agents[to];
                        if (InWindow())
                        {
                            Interlocked.Increment(ref acceptedInWindow);
                            mine.Add(elapsed);
                        }
                    }
                    else
                    {
                        refused.AddOrUpdate(refusal!, 1, (_, n) => n + 1);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or OrleansException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();

        await Task.WhenAll(senders);
        await window;
        Volatile.Write(ref sendersDone, 1);
        var drainClock = Stopwatch.StartNew();
        await Task.WhenAll(readers);
        var drainSeconds = drainClock.Elapsed.TotalSeconds;

        var lost = accepted.Keys.Count(id => !received.ContainsKey(id));
        var duplicates = received.Count(p => p.Value > 1);
        var unexpected = received.Keys.Count(id => !accepted.ContainsKey(id));
        var latency = LatencySummary.From([.. latencies.SelectMany(l => l)]);
        var seconds = options.Duration.TotalSeconds;
        var report = new
        {
            target = driver.Name,
            agents = options.Agents,
            senders = options.Concurrency,
            readers = options.Readers,
            duration_seconds = seconds,
            accepted_per_second = Math.Round(acceptedInWindow / seconds),
            delivered_per_second = Math.Round(deliveredInWindow / seconds),
            process_cpu_seconds = Math.Round((cpuAtEnd - cpuAtStart).TotalSeconds, 2),
            accepted_per_cpu_second = Math.Round(acceptedInWindow / Math.Max(0.001, (cpuAtEnd - cpuAtStart).TotalSeconds)),
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
            p50_ms = Math.Round(latency?.P50 ?? 0, 3),
            p90_ms = Math.Round(latency?.P90 ?? 0, 3),
            p99_ms = Math.Round(latency?.P99 ?? 0, 3),
            max_ms = Math.Round(latency?.Max ?? 0, 1),
            accepted_total = accepted.Count,
            received_total = received.Count,
            refused = refused,
            errors,
            lost,
            duplicates,
            misdelivered,
            unexpected,
            inbox_reads = reads,
            empty_reads = emptyReads,
            drain_seconds = Math.Round(drainSeconds, 2),
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accepted {report.accepted_per_second:0}/s, delivered (read and acked) {report.delivered_per_second:0}/s, p50 {report.p50_ms} ms, " +
            $"p99 {report.p99_ms} ms, {report.accepted_per_cpu_second:0} per CPU-second (load {report.load_average}); refused {refused.Values.Sum()}, errors {errors}, lost {lost}, duplicates {duplicates}, " +
            $"misdelivered {misdelivered}, unexpected {unexpected}"));
        Console.WriteLine(JsonSerializer.Serialize(report));
        return lost == 0 && duplicates == 0 && misdelivered == 0 && unexpected == 0 && refused.IsEmpty && errors == 0 ? 0 : 1;
    }
}
