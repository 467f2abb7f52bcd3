using Commune.Supervision;

namespace Commune.Grains.Supervision;

/// <summary>A runner's assignment and, for a subagent, what it will report to its parent (kept so a restart reports the same thing).</summary>
[GenerateSerializer, Alias("commune.supervision.RunnerState")]
public sealed class RunnerState
{
    [Id(0)] public RunnerAssignment? Assignment { get; set; }

    /// <summary>The subagent reported to its parent and ended, or the worker was ended: nothing more to drive.</summary>
    [Id(1)] public bool Finished { get; set; }

    [Id(2)] public long InputTokens { get; set; }

    [Id(3)] public long OutputTokens { get; set; }

    [Id(4)] public decimal CostUsd { get; set; }

    [Id(5)] public bool Simulated { get; set; }

    [Id(6)] public int TasksDone { get; set; }
}
