using Commune.Grains.Monitoring;
using Commune.Monitoring;
using Commune.Tasks;

namespace Commune.Tests.Monitoring;

/// <summary>The pure parts of monitoring: what counts as an expired lease or a stuck task, thresholds, and edge-triggered alerts.</summary>
public sealed class MonitorRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static TaskSummary Task(string id, WorkStatus status, DateTimeOffset? leaseUntil, DateTimeOffset updated) =>
        new(id, id, status, TaskPriority.Medium, [], null, null, status.IsHeld() ? "agent" : null, 1, leaseUntil, Now.AddHours(-1), updated, 1, null, false);

    [Fact]
    public void A_held_task_past_its_lease_is_an_expired_lease_and_one_quiet_for_StuckAfter_is_stuck()
    {
        var tasks = new[]
        {
            Task("expired", WorkStatus.Claimed, Now.AddSeconds(-1), Now.AddMinutes(-1)),
            Task("stuck", WorkStatus.InProgress, Now.AddHours(1), Now.AddMinutes(-11)),
            Task("review", WorkStatus.PendingReview, null, Now.AddMinutes(-30)),
            Task("busy", WorkStatus.InProgress, Now.AddMinutes(1), Now.AddMinutes(-1)),
            Task("waiting", WorkStatus.Pending, null, Now.AddDays(-1)),
            Task("done", WorkStatus.Completed, null, Now.AddDays(-1)),
        };

        var health = TaskHealthOf.Compute(tasks, Now, TimeSpan.FromMinutes(10), 10);

        Assert.Equal(1, health.ExpiredLeases);
        Assert.Equal(["expired"], health.ExpiredLeaseIds);
        Assert.Equal(2, health.Stuck);
        Assert.Equal(["review", "stuck"], health.StuckIds);
        Assert.Equal(2, health.ByStatus["in_progress"]);
        Assert.Equal(1, health.ByStatus["pending"]);
    }

    [Fact]
    public void Shards_add_up_with_id_lists_ordered_and_capped_but_counts_whole()
    {
        var a = new TaskHealth(new Dictionary<string, int> { ["claimed"] = 2 }, 2, ["t3", "t1"], 0, []);
        var b = new TaskHealth(new Dictionary<string, int> { ["claimed"] = 1, ["pending"] = 4 }, 1, ["t2"], 1, ["s1"]);

        var sum = TaskHealth.Empty.Add(a, 2).Add(b, 2);

        Assert.Equal(3, sum.ExpiredLeases);
        Assert.Equal(["t1", "t2"], sum.ExpiredLeaseIds);
        Assert.Equal(3, sum.ByStatus["claimed"]);
        Assert.Equal(4, sum.ByStatus["pending"]);
    }

    [Theory]
    [InlineData(0, 1.0, 5.0, "ok")]
    [InlineData(1, 1.0, 5.0, "warning")]
    [InlineData(5, 1.0, 5.0, "critical")]
    [InlineData(100, null, null, "ok")]
    [InlineData(3, null, 3.0, "critical")]
    public void A_value_at_a_threshold_has_crossed_it(double value, double? warning, double? critical, string status) =>
        Assert.Equal(status, MonitorStatus.Of(value, warning, critical));

    [Fact]
    public void Alerts_fire_on_a_change_of_status_only_and_resolve_when_it_is_ok_again()
    {
        static MonitorCheck Check(double value) => new(MonitorChecks.StuckTasks, value, 1, 5, MonitorStatus.Of(value, 1, 5));
        var statuses = new Dictionary<string, string>();

        var first = AlertEdges.Between(statuses, [Check(2)], Now);
        var fired = Assert.Single(first);
        Assert.Equal((AlertStates.Firing, MonitorStatus.Warning, MonitorStatus.Ok, 1.0), (fired.State, fired.Status, fired.PreviousStatus, fired.Threshold));
        statuses[fired.Check] = fired.Status;

        Assert.Empty(AlertEdges.Between(statuses, [Check(3)], Now));

        var worse = Assert.Single(AlertEdges.Between(statuses, [Check(7)], Now));
        Assert.Equal((AlertStates.Firing, MonitorStatus.Critical, 5.0), (worse.State, worse.Status, worse.Threshold));
        statuses[worse.Check] = worse.Status;

        var resolved = Assert.Single(AlertEdges.Between(statuses, [Check(0)], Now));
        Assert.Equal((AlertStates.Resolved, MonitorStatus.Ok, MonitorStatus.Critical), (resolved.State, resolved.Status, resolved.PreviousStatus));
    }
}
