using Commune.Bench.Cli;
using Commune.Coordination;

namespace Commune.Bench.Coordination;

/// <summary>The <c>coordination</c> command line.</summary>
internal sealed record CoordinationBenchOptions(int Agents, int Steps, int States, int Permutations, NullModel Null, int Threads, int Runs, int Seed)
{
    public static CoordinationBenchOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["agents", "steps", "states", "permutations", "null", "threads", "runs", "seed"], []);
        var nullModel = (line.Optional("null") ?? "shuffle") switch
        {
            "shuffle" => NullModel.Shuffle,
            "shift" => NullModel.Shift,
            var other => throw new UsageException($"--null must be shuffle or shift (was '{other}')"),
        };
        return new CoordinationBenchOptions(
            line.Int("agents", 10, min: 2),
            line.Int("steps", 10_000, min: 3),
            line.Int("states", 4, min: 2),
            line.Int("permutations", 200, min: 1),
            nullModel,
            line.Int("threads", 0, min: 0),
            line.Int("runs", 7, min: 1),
            line.Int("seed", 42));
    }
}
