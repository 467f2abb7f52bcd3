namespace Commune.Tasks;

/// <summary>
/// A stage as the pipeline knows it. <see cref="TaskId"/> and <see cref="Status"/> are null until the stage starts; <see cref="Output"/>
/// (JSON text) is the stage task's result once it completed.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PipelineStageView")]
public sealed record PipelineStageView(
    [property: Id(0)] PipelineStage Stage,
    [property: Id(1)] string? TaskId,
    [property: Id(2)] WorkStatus? Status,
    [property: Id(3)] string? Output,
    [property: Id(4)] string? Error);
