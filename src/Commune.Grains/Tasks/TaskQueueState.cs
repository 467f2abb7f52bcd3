namespace Commune.Grains.Tasks;

/// <summary>
/// What a shard persists: only the ids of its tasks. Everything else it knows is rebuilt from the task grains (the source of truth)
/// when it activates, so the shard's writes stay small and rare (one per created task, coalesced).
/// </summary>
[GenerateSerializer, Alias("commune.tasks.TaskQueueState")]
public sealed class TaskQueueState
{
    [Id(0)] public HashSet<string> Ids { get; set; } = [];
}
