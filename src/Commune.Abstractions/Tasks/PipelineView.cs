namespace Commune.Tasks;

/// <summary>
/// Everything known about a pipeline. <see cref="Input"/> and <see cref="Output"/> are JSON text; <see cref="FailedStage"/> names the stage
/// whose failure (or cancellation) stopped it, with <see cref="Error"/> saying why.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PipelineView")]
public sealed record PipelineView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] PipelineStatus Status,
    [property: Id(3)] int CurrentStage,
    [property: Id(4)] IReadOnlyList<PipelineStageView> Stages,
    [property: Id(5)] string? Input,
    [property: Id(6)] string? Output,
    [property: Id(7)] string? Error,
    [property: Id(8)] string? FailedStage,
    [property: Id(9)] string? CreatedBy,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt);
