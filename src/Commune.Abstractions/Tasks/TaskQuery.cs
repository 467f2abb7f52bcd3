namespace Commune.Tasks;

/// <summary>
/// Who is asking for work: a task is offered only if it has one of <see cref="Tags"/> (when any are given), its required capability is
/// among <see cref="Capabilities"/>, and its role (when set) is <see cref="Role"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskQuery")]
public sealed record TaskQuery(
    [property: Id(0)] string AgentId,
    [property: Id(1)] IReadOnlyList<string> Tags,
    [property: Id(2)] IReadOnlyList<string> Capabilities,
    [property: Id(3)] string? Role);
