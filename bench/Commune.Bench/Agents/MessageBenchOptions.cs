using Commune.Bench.Cli;

namespace Commune.Bench.Agents;

/// <summary>
/// The <c>messages</c> command line. <c>--url</c> drives a running gateway over HTTP (started with a raised <c>Messages:RatePerSecond</c>);
/// without it the command hosts an embedded silo in this process and calls the router grain.
/// </summary>
internal sealed record MessageBenchOptions(
    string? Url, int Agents, int Concurrency, int Readers, TimeSpan Duration, TimeSpan Warmup, int Seed, double RatePerSecond, int Burst, TimeSpan ReadInterval, bool Probe)
{
    public static MessageBenchOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["url", "agents", "concurrency", "readers", "duration", "warmup", "seed", "rate", "burst", "read-interval-ms"], ["probe"]);
        return new MessageBenchOptions(
            line.Optional("url")?.TrimEnd('/'),
            line.Int("agents", 1000, min: 2),
            line.Int("concurrency", 64, min: 1),
            line.Int("readers", 8, min: 1),
            TimeSpan.FromSeconds(line.Double("duration", 10, min: 1)),
            TimeSpan.FromSeconds(line.Double("warmup", 3)),
            line.Int("seed", 42),
            line.Double("rate", 1_000_000, min: 1),
            line.Int("burst", 1_000_000, min: 1),
            TimeSpan.FromMilliseconds(line.Double("read-interval-ms", 20)),
            line.Flag("probe"));
    }
}
