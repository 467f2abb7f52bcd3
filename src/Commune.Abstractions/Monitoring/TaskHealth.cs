namespace Commune.Monitoring;

/// <summary>
/// Tasks by status, held tasks whose lease ran out but are not yet returned (expired leases), and held tasks with no update for
/// <c>Monitor:StuckAfter</c> (stuck). One queue shard's share, or the sum of all of them; id lists are capped, counts are not.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.TaskHealth")]
public sealed record TaskHealth(
    [property: Id(0)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(1)] int ExpiredLeases,
    [property: Id(2)] IReadOnlyList<string> ExpiredLeaseIds,
    [property: Id(3)] int Stuck,
    [property: Id(4)] IReadOnlyList<string> StuckIds)
{
    public static TaskHealth Empty { get; } = new(new Dictionary<string, int>(), 0, [], 0, []);

    /// <summary>This share plus <paramref name="other"/>, id lists ordered by id and kept to <paramref name="maxIds"/>.</summary>
    public TaskHealth Add(TaskHealth other, int maxIds)
    {
        var byStatus = ByStatus.ToDictionary(StringComparer.Ordinal);
        foreach (var (status, count) in other.ByStatus)
        {
            byStatus[status] = byStatus.GetValueOrDefault(status) + count;
        }

        return new(
            byStatus.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            ExpiredLeases + other.ExpiredLeases,
            [.. ExpiredLeaseIds.Concat(other.ExpiredLeaseIds).Order(StringComparer.Ordinal).Take(maxIds)],
            Stuck + other.Stuck,
            [.. StuckIds.Concat(other.StuckIds).Order(StringComparer.Ordinal).Take(maxIds)]);
    }
}
