namespace Commune.Supervision;

/// <summary><c>GET /v1/supervisor</c>: when the supervisor last swept, what it released, which tasks are stuck now, and its pools.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.SupervisorReport")]
public sealed record SupervisorReport(
    [property: Id(0)] DateTimeOffset? LastSweepAt,
    [property: Id(1)] long Sweeps,
    [property: Id(2)] IReadOnlyList<ReleasedTask> RecentReleases,
    [property: Id(3)] IReadOnlyList<StuckTask> Stuck,
    [property: Id(4)] IReadOnlyList<string> Pools,
    [property: Id(5)] string? LastError);
