using Commune.Bench.Cli;

namespace Commune.Bench.Faults;

/// <summary>The <c>faults</c> command line: a drain over HTTP during which a shell command injects one fault.</summary>
internal sealed record FaultDrainOptions(
    string Url, int Tasks, int Layers, int Workers, int Seed, TimeSpan Timeout, string? Fault, double FaultAfter, TimeSpan RequestTimeout)
{
    public static FaultDrainOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["url", "tasks", "layers", "workers", "seed", "timeout", "fault", "fault-after", "request-timeout"], []);
        var faultAfter = line.Double("fault-after", 0.3);
        if (faultAfter >= 1)
        {
            throw new UsageException("--fault-after is the fraction of the graph completed when the fault starts: below 1");
        }

        return new FaultDrainOptions(
            line.Required("url").TrimEnd('/'),
            line.Int("tasks", 2_000, min: 1),
            line.Int("layers", 10, min: 1),
            line.Int("workers", 20, min: 1),
            line.Int("seed", 42),
            TimeSpan.FromSeconds(line.Double("timeout", 600, min: 1)),
            line.Optional("fault"),
            faultAfter,
            TimeSpan.FromSeconds(line.Double("request-timeout", 120, min: 1)));
    }
}
