using Commune.Analytics;
using Commune.Grains.Analytics;

namespace Commune.Tests.CoordinationLive;

/// <summary>The pure parts of recording: the ring of steps and an agent's state in a step.</summary>
public sealed class TeamStepsTests
{
    private static CoordinationObservation At(string agent, string action, long step, string? outcome = null, string? role = null) =>
        new(agent, action, role, outcome, DateTimeOffset.UnixEpoch, step);

    [Fact]
    public void The_ring_keeps_the_last_max_steps_step_numbers_and_refuses_older_observations()
    {
        var steps = new List<TeamStep>();
        Assert.True(TeamSteps.Add(steps, 5, At("a", "claim", 5), maxSteps: 4));
        Assert.True(TeamSteps.Add(steps, 3, At("a", "claim", 3), maxSteps: 4)); // late, still inside 2..5
        Assert.True(TeamSteps.Add(steps, 4, At("b", "message", 4), maxSteps: 4));
        Assert.Equal([3L, 4L, 5L], steps.Select(s => s.Number));

        Assert.True(TeamSteps.Add(steps, 7, At("a", "complete", 7, "success"), maxSteps: 4)); // ring is now 4..7: 3 ages out
        Assert.Equal([4L, 5L, 7L], steps.Select(s => s.Number));
        Assert.False(TeamSteps.Add(steps, 3, At("a", "claim", 3), maxSteps: 4));
        Assert.Equal([4L, 5L, 7L], steps.Select(s => s.Number));
        Assert.Equal(1, steps[^1].Successes);
    }

    [Fact]
    public void An_agents_state_is_its_most_frequent_action_and_the_last_one_breaks_ties()
    {
        var steps = new List<TeamStep>();
        TeamSteps.Add(steps, 1, At("a", "message", 1, role: "critic"), 10);
        TeamSteps.Add(steps, 1, At("a", "message", 1, role: "critic"), 10);
        TeamSteps.Add(steps, 1, At("a", "claim", 1), 10);
        var agent = steps[0].Agents["a"];
        Assert.Equal("message", agent.State());
        Assert.Equal(2, agent.Roles["critic"]);
        Assert.Equal(1, agent.Roles["claim"]); // no role: the action is the label

        TeamSteps.Add(steps, 1, At("a", "claim", 1), 10);
        Assert.Equal("claim", agent.State()); // 2 : 2, claim came last

        TeamSteps.Add(steps, 1, At("a", "review", 1), 10);
        Assert.Equal("claim", agent.State()); // the last (review) is not among the most frequent: the smaller name of those
    }

    [Theory]
    [InlineData(0, 0, "none")]
    [InlineData(2, 0, "success")]
    [InlineData(2, 1, "success")]
    [InlineData(1, 1, "failure")]
    [InlineData(0, 3, "failure")]
    public void A_steps_outcome_is_success_only_when_successes_outnumber_failures(int successes, int failures, string expected) =>
        Assert.Equal(expected, CoordinationAnalysis.OutcomeOf(successes, failures));
}
