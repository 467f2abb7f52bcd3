using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>
/// A ready task's place in a shard's queue. Aging raises a task one level per <c>Tasks:AgingPerLevel</c> waited, and
/// level + (now − created) / aging orders tasks the same at every instant as level × aging − created: so the score is fixed at
/// enqueue time and comparable across shards.
/// </summary>
public readonly record struct ReadyKey(double Score, DateTimeOffset CreatedAt, string Id) : IComparable<ReadyKey>
{
    public static ReadyKey For(TaskSummary task, TimeSpan agingPerLevel) =>
        new((int)task.Priority * agingPerLevel.TotalSeconds - task.CreatedAt.ToUnixTimeMilliseconds() / 1000.0, task.CreatedAt, task.Id);

    public int CompareTo(ReadyKey other)
    {
        var byScore = other.Score.CompareTo(Score); // higher first
        if (byScore != 0)
        {
            return byScore;
        }

        var byAge = CreatedAt.CompareTo(other.CreatedAt); // older first
        return byAge != 0 ? byAge : string.CompareOrdinal(Id, other.Id);
    }
}
