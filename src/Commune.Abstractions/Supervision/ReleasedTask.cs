namespace Commune.Supervision;

/// <summary>A task the supervisor returned to pending because its holder was offline.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.ReleasedTask")]
public sealed record ReleasedTask(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] long NewEpoch,
    [property: Id(3)] DateTimeOffset At);
