namespace Commune.Tasks;

/// <summary>
/// What a caller asks for when starting a pipeline: ordered stages, and the JSON <see cref="Input"/> the first stage receives. Each later
/// stage receives the previous stage's result.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PipelineSpec")]
public sealed record PipelineSpec(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<PipelineStage> Stages,
    [property: Id(3)] string? Input,
    [property: Id(4)] string? CreatedBy);
