namespace Commune.Tasks;

/// <summary>A subtask's contribution to its parent (seed 002's partial_result). <see cref="Result"/> is JSON text.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PartialResult")]
public sealed record PartialResult(
    [property: Id(0)] string SubtaskId,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Result,
    [property: Id(4)] DateTimeOffset At);
