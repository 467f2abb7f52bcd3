using Commune.Bench.Cli;

namespace Commune.Bench.Tasks;

/// <summary>
/// The <c>tasks</c> command line. <c>--url</c> drives a running gateway over HTTP; without it the command hosts a Commune silo in this
/// process and drives the grains directly (in memory, or on PostgreSQL with <c>--postgres</c>).
/// </summary>
internal sealed record TaskDrainOptions(string? Url, string? Postgres, int Tasks, int Layers, int Workers, int Seed, TimeSpan Timeout)
{
    public static TaskDrainOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["url", "postgres", "tasks", "layers", "workers", "seed", "timeout"], []);
        var options = new TaskDrainOptions(
            line.Optional("url")?.TrimEnd('/'),
            line.Optional("postgres"),
            line.Int("tasks", 10_000, min: 1),
            line.Int("layers", 10, min: 1),
            line.Int("workers", 50, min: 1),
            line.Int("seed", 42),
            TimeSpan.FromSeconds(line.Double("timeout", 600, min: 1)));
        if (options.Url is not null && options.Postgres is not null)
        {
            throw new UsageException("--url and --postgres exclude each other: --postgres is for the in-process silo");
        }

        return options;
    }
}
