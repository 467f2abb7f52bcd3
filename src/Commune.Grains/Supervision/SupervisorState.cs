using Commune.Supervision;

namespace Commune.Grains.Supervision;

/// <summary>The supervisor's pools and memory of what it flagged, so a restart neither forgets pools nor repeats a help request.</summary>
[GenerateSerializer, Alias("commune.supervision.SupervisorState")]
public sealed class SupervisorState
{
    [Id(0)] public Dictionary<string, PoolState> Pools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Stuck tasks flagged, by task id; an entry is dropped when the task moves on (progress, a new epoch, finished).</summary>
    [Id(1)] public Dictionary<string, StuckTask> Stuck { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public List<ReleasedTask> RecentReleases { get; set; } = [];

    [Id(3)] public DateTimeOffset? LastSweepAt { get; set; }

    [Id(4)] public long Sweeps { get; set; }
}
