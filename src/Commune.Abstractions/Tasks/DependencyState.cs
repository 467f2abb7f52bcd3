namespace Commune.Tasks;

/// <summary>A dependency's status as told to a dependent, with the reason when it failed or was cancelled.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.DependencyState")]
public sealed record DependencyState([property: Id(0)] string TaskId, [property: Id(1)] WorkStatus Status, [property: Id(2)] string? Reason);
