namespace Commune.Tasks;

/// <summary>What a caller asks for when creating a task. <see cref="Id"/> is chosen by the board when absent.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskSpec")]
public sealed record TaskSpec(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] TaskPriority Priority,
    [property: Id(4)] IReadOnlyList<string> Tags,
    [property: Id(5)] IReadOnlyList<string> DependsOn,
    [property: Id(6)] string? ParentId,
    [property: Id(7)] string? Complexity,
    [property: Id(8)] string? RequiredCapability,
    [property: Id(9)] int MaxAttempts,
    [property: Id(10)] IReadOnlyList<DoneCheck> DoneChecks,
    [property: Id(11)] string? Role,
    [property: Id(12)] string? Input,
    [property: Id(13)] string? PipelineId,
    [property: Id(14)] string? CreatedBy);
