using Commune.Agents;
using Commune.Grains.Supervision;
using Commune.Supervision;

namespace Commune.Tests.Supervision;

/// <summary>Seed 002's pool arithmetic and the role rules, as pure functions.</summary>
public sealed class PoolRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static AgentEntry Worker(string id, AgentStatus status, TimeSpan since) =>
        new(id, "x", null, [], status, null, 0, 1, Now, Now - since, "p", 1, TimeSpan.Zero, TimeSpan.Zero, false);

    [Theory]
    [InlineData(0, 2, 5, 0, "replace", 2)]
    [InlineData(3, 1, 5, 1, "scale_up", 1)]
    [InlineData(2, 1, 5, 4, "hold", 0)]
    [InlineData(20, 1, 5, 2, "scale_up", 3)]
    [InlineData(20, 5, 5, 5, "hold", 0)]
    public void Pending_work_over_twice_the_workers_adds_workers_up_to_max(int pending, int min, int max, int live, string action, int add)
    {
        var spec = new PoolSpec("p", AgentRoles.Worker, null, [], min, max, null);
        var workers = Enumerable.Range(1, live).Select(i => Worker($"p-{i}", AgentStatus.Working, TimeSpan.Zero)).ToList();
        var decision = PoolRules.Decide(spec, workers, pending, TimeSpan.FromMinutes(5), Now);
        Assert.Equal(action, decision.Action);
        Assert.Equal(add, decision.Add);
    }

    [Theory]
    [InlineData(AgentRoles.Worker, 2)]
    [InlineData("code-analyzer", 2)]
    [InlineData(AgentRoles.Orchestrator, 0)]
    [InlineData(AgentRoles.Monitor, 0)]
    public void Idle_workers_retire_down_to_min_only_for_roles_that_hand_off_after_their_task(string role, int retired)
    {
        var spec = new PoolSpec("p", role, null, [], 1, 5, null);
        var workers = new[] { Worker("p-1", AgentStatus.Idle, TimeSpan.FromMinutes(10)), Worker("p-2", AgentStatus.Idle, TimeSpan.FromMinutes(9)), Worker("p-3", AgentStatus.Idle, TimeSpan.FromMinutes(8)) };
        var decision = PoolRules.Decide(spec, workers, 0, TimeSpan.FromMinutes(5), Now);
        Assert.Equal(retired, decision.Retire.Count);
        if (retired > 0)
        {
            Assert.Equal(["p-1", "p-2"], decision.Retire); // longest idle first
        }
    }
}
