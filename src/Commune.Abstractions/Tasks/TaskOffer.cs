namespace Commune.Tasks;

/// <summary>A shard's best ready task for a query, with its ordering score (higher first).</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskOffer")]
public sealed record TaskOffer([property: Id(0)] string TaskId, [property: Id(1)] double Score, [property: Id(2)] DateTimeOffset CreatedAt);
