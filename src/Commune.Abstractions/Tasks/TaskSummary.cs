namespace Commune.Tasks;

/// <summary>
/// What a queue shard keeps about a task: enough to order, filter, list and sweep it. <see cref="Version"/> increases with every
/// transition, so a shard keeps the newest summary whatever order updates arrive in. <see cref="Unsettled"/>: the task finished but has not
/// yet told its dependents, parent or pipeline (the shard keeps poking it until it has). <see cref="ProgressAt"/>: when the holder last
/// claimed or reported progress (heartbeats renew the lease but are not progress), which the supervisor reads to flag stuck tasks.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskSummary")]
public sealed record TaskSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] WorkStatus Status,
    [property: Id(3)] TaskPriority Priority,
    [property: Id(4)] IReadOnlyList<string> Tags,
    [property: Id(5)] string? RequiredCapability,
    [property: Id(6)] string? Role,
    [property: Id(7)] string? AgentId,
    [property: Id(8)] long Epoch,
    [property: Id(9)] DateTimeOffset? LeaseExpiresAt,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] long Version,
    [property: Id(13)] string? ParentId,
    [property: Id(14)] bool Unsettled,
    [property: Id(15)] DateTimeOffset? ProgressAt = null);
