namespace Commune.Tasks;

/// <summary>A progress report from the holder (PATCH). <see cref="Checkpoint"/> is JSON text; a null member leaves that field alone.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskUpdate")]
public sealed record TaskUpdate(
    [property: Id(0)] string AgentId,
    [property: Id(1)] long? Epoch,
    [property: Id(2)] string? Notes,
    [property: Id(3)] int? Progress,
    [property: Id(4)] string? Checkpoint);
