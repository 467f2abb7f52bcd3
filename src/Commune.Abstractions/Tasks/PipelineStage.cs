namespace Commune.Tasks;

/// <summary>
/// One stage of a pipeline: a task offered only to agents of <see cref="Role"/>. <see cref="MaxAttempts"/> null means the task default.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PipelineStage")]
public sealed record PipelineStage(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Title = null,
    [property: Id(3)] string? Description = null,
    [property: Id(4)] int? MaxAttempts = null);
