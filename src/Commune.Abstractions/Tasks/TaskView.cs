namespace Commune.Tasks;

/// <summary>
/// Everything known about a task. <see cref="Checkpoint"/>, <see cref="Result"/> and the spec's input are JSON text.
/// <see cref="Constraints"/> is the enriched context for the next attempt: earlier failures and review issues (seed 003).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskView")]
public sealed record TaskView(
    [property: Id(0)] TaskSpec Spec,
    [property: Id(1)] WorkStatus Status,
    [property: Id(2)] string? StatusReason,
    [property: Id(3)] IReadOnlyList<string> WaitingOn,
    [property: Id(4)] IReadOnlyList<string> Dependents,
    [property: Id(5)] IReadOnlyList<string> Children,
    [property: Id(6)] string? AgentId,
    [property: Id(7)] long Epoch,
    [property: Id(8)] DateTimeOffset? LeaseExpiresAt,
    [property: Id(9)] int AttemptCount,
    [property: Id(10)] IReadOnlyList<TaskAttempt> Attempts,
    [property: Id(11)] IReadOnlyList<string> Constraints,
    [property: Id(12)] IReadOnlyList<string> Notes,
    [property: Id(13)] int Progress,
    [property: Id(14)] string? Checkpoint,
    [property: Id(15)] string? Result,
    [property: Id(16)] string? Error,
    [property: Id(17)] IReadOnlyList<TaskReview> Reviews,
    [property: Id(18)] IReadOnlyList<PartialResult> PartialResults,
    [property: Id(19)] DateTimeOffset CreatedAt,
    [property: Id(20)] DateTimeOffset UpdatedAt,
    [property: Id(21)] DateTimeOffset? CompletedAt,
    [property: Id(22)] long Version);
