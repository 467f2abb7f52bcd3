using System.Diagnostics;

namespace Commune.Bench.Load;

/// <summary>
/// Closed-loop load: C callers, each sending its next request as soon as the previous one answers, the highest rate the
/// target sustains at that concurrency. Requests that finish inside the measured window count; latency here is the plain
/// round trip (closed-loop latency hides queueing: quote the open-loop numbers for latency).
/// </summary>
internal static class ClosedLoopCommand
{
    public static async Task<int> RunAsync(ClosedLoopOptions options)
    {
        var target = options.Target;
        using var requester = new ChatRequester(target, maxConnections: options.Concurrency);
        var tally = new OutcomeTally();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(target.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(target.Duration.TotalSeconds * Stopwatch.Frequency);

        async Task<List<long>> CallerAsync()
        {
            var latencies = new List<long>();
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stopAt)
                {
                    return latencies;
                }

                var outcome = await requester.SendAsync();
                var ended = Stopwatch.GetTimestamp();
                if (ended >= measureFrom && ended <= stopAt)
                {
                    tally.Add(outcome);
                    if (outcome.Ok)
                    {
                        latencies.Add(ended - began);
                    }
                }
            }
        }

        var callers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(CallerAsync)).ToArray();
        var all = (await Task.WhenAll(callers)).SelectMany(l => l).ToList();
        var report = RunReport.Create(
            "saturate",
            target,
            targetRps: null,
            options.Concurrency,
            options.Concurrency,
            tally,
            LatencySummary.From(all),
            achievedRps: null,
            throughputRps: tally.Ok / target.Duration.TotalSeconds,
            sendLag: null);
        report.Print("round trip");
        return 0;
    }
}
