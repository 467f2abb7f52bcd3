using Commune.Bench.Cli;

namespace Commune.Bench.Agents;

/// <summary>The <c>agents-memory</c> command line.</summary>
internal sealed record AgentMemoryOptions(int Agents, int Concurrency, int Capabilities, TimeSpan Hold)
{
    public static AgentMemoryOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["agents", "concurrency", "capabilities", "hold"], []);
        return new AgentMemoryOptions(
            line.Int("agents", 100_000, min: 1),
            line.Int("concurrency", 64, min: 1),
            line.Int("capabilities", 2, min: 0),
            TimeSpan.FromSeconds(line.Double("hold", 0)));
    }
}
