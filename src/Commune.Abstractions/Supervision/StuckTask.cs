namespace Commune.Supervision;

/// <summary>A held task with no progress since <see cref="ProgressAt"/>; flagged (and request_help published) once per epoch.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.StuckTask")]
public sealed record StuckTask(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] long Epoch,
    [property: Id(3)] DateTimeOffset ProgressAt,
    [property: Id(4)] DateTimeOffset FlaggedAt);
