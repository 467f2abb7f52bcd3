using System.Diagnostics;

namespace Commune.Bench.Load;

/// <summary>
/// Open-loop load: request <c>i</c> is due at <c>start + i / rate</c> and is sent then whether or not earlier requests have
/// answered, so a slow answer cannot hold back the requests behind it (no coordinated omission). Each latency runs from the
/// request's due time to the last byte of its answer, so a late scheduler counts against the result, never for it.
/// </summary>
internal static class OpenLoopCommand
{
    public static async Task<int> RunAsync(OpenLoopOptions options)
    {
        var target = options.Target;
        var warmupCount = (int)Math.Round(target.Warmup.TotalSeconds * options.Rate);
        var measuredCount = Math.Max(2, (int)Math.Round(target.Duration.TotalSeconds * options.Rate));
        var total = warmupCount + measuredCount;
        var ticksPerRequest = Stopwatch.Frequency / options.Rate;

        using var requester = new ChatRequester(target, options.Connections);
        var due = new long[measuredCount];
        var sent = new long[measuredCount];
        var ended = new long[measuredCount];
        var ok = new bool[measuredCount];
        var tally = new OutcomeTally();
        var inFlight = new Task[total];

        async Task SendAsync(int index, long dueAt)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var outcome = await requester.SendAsync();
            var endedAt = Stopwatch.GetTimestamp();
            if (index < 0)
            {
                return;
            }

            due[index] = dueAt;
            sent[index] = sentAt;
            ended[index] = endedAt;
            ok[index] = outcome.Ok;
            tally.Add(outcome);
        }

        // A dedicated thread keeps the schedule; the sends' continuations run on the thread pool.
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                PreciseWait.TightenCurrentThread();
                var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
                for (var i = 0; i < total; i++)
                {
                    var dueAt = start + (long)(i * ticksPerRequest);
                    PreciseWait.Until(dueAt);
                    inFlight[i] = SendAsync(i - warmupCount, dueAt);
                }

                scheduled.SetResult();
            }
            catch (Exception ex)
            {
                scheduled.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
        };
        scheduler.Start();
        await scheduled.Task;
        await Task.WhenAll(inFlight);

        var latencies = new List<long>(measuredCount);
        var lags = new List<long>(measuredCount);
        var lastEnd = long.MinValue;
        for (var i = 0; i < measuredCount; i++)
        {
            lags.Add(sent[i] - due[i]);
            lastEnd = Math.Max(lastEnd, ended[i]);
            if (ok[i])
            {
                latencies.Add(ended[i] - due[i]);
            }
        }

        var sendSeconds = (sent[^1] - due[0]) / (double)Stopwatch.Frequency;
        var endSeconds = (lastEnd - due[0]) / (double)Stopwatch.Frequency;
        var report = RunReport.Create(
            "load",
            target,
            options.Rate,
            concurrency: null,
            options.Connections,
            tally,
            LatencySummary.From(latencies),
            achievedRps: (measuredCount - 1) / sendSeconds,
            throughputRps: tally.Ok / endSeconds,
            LatencySummary.From(lags));
        report.Print("from each request's scheduled send to its last byte");
        return 0;
    }
}
