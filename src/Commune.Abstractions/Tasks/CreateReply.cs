namespace Commune.Tasks;

/// <summary>The answer to creating one task or a batch: every created task, or why none was.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.CreateReply")]
public sealed record CreateReply([property: Id(0)] IReadOnlyList<TaskView> Tasks, [property: Id(1)] TaskError? Error);
