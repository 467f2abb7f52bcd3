using Commune.Monitoring;
using Commune.Tasks;

namespace Commune.Grains.Monitoring;

/// <summary>A queue shard's share of the task checks, computed from its summaries alone (a pure function of them and the clock).</summary>
public static class TaskHealthOf
{
    public static TaskHealth Compute(IEnumerable<TaskSummary> tasks, DateTimeOffset now, TimeSpan stuckAfter, int maxIds)
    {
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var expired = new List<string>();
        var stuck = new List<string>();
        foreach (var task in tasks)
        {
            var name = task.Status.Name();
            byStatus[name] = byStatus.GetValueOrDefault(name) + 1;
            if (!task.Status.IsHeld())
            {
                continue;
            }

            // A lease past its end is usually returned within a sweep; one still held means its task grain has not run (silo lost).
            if (task.LeaseExpiresAt is { } until && until <= now)
            {
                expired.Add(task.Id);
            }
            else if (now - task.UpdatedAt >= stuckAfter)
            {
                stuck.Add(task.Id);
            }
        }

        return new TaskHealth(
            byStatus.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            expired.Count,
            [.. expired.Order(StringComparer.Ordinal).Take(maxIds)],
            stuck.Count,
            [.. stuck.Order(StringComparer.Ordinal).Take(maxIds)]);
    }
}
