using Commune.Agents;
using Commune.Supervision;

namespace Commune.Grains.Supervision;

/// <summary>
/// Seed 002's pool arithmetic, kept pure so it reads (and tests) as rules: replace below the minimum; add workers while pending work
/// is more than twice the live workers, up to the maximum, enough to bring it back to two per worker; retire workers idle longer than the
/// idle time down to the minimum, only for roles that hand off after their task (an orchestrator or monitor is never retired).
/// </summary>
public static class PoolRules
{
    /// <summary>How many workers to add, which to retire, and why.</summary>
    public static (string Action, string Reason, int Add, IReadOnlyList<string> Retire) Decide(
        PoolSpec spec, IReadOnlyList<AgentEntry> live, int pending, TimeSpan idleRetire, DateTimeOffset now)
    {
        var count = live.Count;
        if (count < spec.Min)
        {
            return (ScalingDecision.Replace, $"{count} live worker(s), below the minimum of {spec.Min}", spec.Min - count, []);
        }

        if (pending > 2 * count && count < spec.Max)
        {
            var target = Math.Min(spec.Max, (pending + 1) / 2);
            return (ScalingDecision.ScaleUp, $"{pending} pending task(s) > 2 × {count} worker(s); growing to {target} (max {spec.Max})", target - count, []);
        }

        if (count > spec.Min && AgentRoles.Handoff(spec.Role) == HandoffPolicy.AfterTask)
        {
            var idle = live
                .Where(e => e.Status == AgentStatus.Idle && e.HeldTasks == 0 && now - e.StatusSince >= idleRetire)
                .OrderBy(e => e.StatusSince)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(count - spec.Min)
                .Select(e => e.Id)
                .ToList();
            if (idle.Count > 0)
            {
                return (ScalingDecision.Retire, $"{idle.Count} worker(s) idle for at least {idleRetire.TotalSeconds:0.#} s; {count} live, minimum {spec.Min}", 0, idle);
            }
        }

        return (ScalingDecision.Hold, $"{count} live worker(s) within {spec.Min}–{spec.Max}, {pending} pending task(s)", 0, []);
    }

    /// <summary>Whether a pending task is work for the pool: its role (when set) is the pool's and its capability (when set) is one of the pool's.</summary>
    public static bool Fits(PoolSpec spec, Commune.Tasks.TaskSummary task) =>
        (task.Role is null || task.Role == spec.Role)
        && (task.RequiredCapability is null || spec.Capabilities.Contains(task.RequiredCapability, StringComparer.Ordinal));
}
