namespace Commune.Tasks;

/// <summary>One finished attempt at a task: who held it, with which epoch, and how it ended.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskAttempt")]
public sealed record TaskAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] string AgentId,
    [property: Id(2)] long Epoch,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset EndedAt);
