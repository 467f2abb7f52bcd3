using Commune.Bench.Cli;

namespace Commune.Bench.Load;

/// <summary>The <c>load</c> command line: a target, a fixed request rate, and the most connections to open.</summary>
/// <param name="Target">What to send where.</param>
/// <param name="Rate">Requests per second.</param>
/// <param name="Connections">
/// The connection pool's size. A request that finds every connection busy waits in the client, and the wait counts in its
/// latency; the schedule does not wait. Bounded so that a slow target meets queued requests rather than a storm of new
/// connections (as wrk2 does).
/// </param>
internal sealed record OpenLoopOptions(TargetOptions Target, double Rate, int Connections)
{
    public const int DefaultConnections = 64;

    public static OpenLoopOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, [.. TargetOptions.OptionNames, "rate", "connections"], TargetOptions.FlagNames);
        var rate = line.Double("rate", min: 0.001);
        var target = TargetOptions.From(line);
        if ((target.Duration + target.Warmup).TotalSeconds * rate > 50_000_000)
        {
            throw new UsageException("--rate times (--duration + --warmup) is more than 50 million requests");
        }

        return new OpenLoopOptions(target, rate, line.Int("connections", DefaultConnections, min: 1));
    }
}
