using System.Text.Json;

namespace Commune.Tests.CoordinationLive;

/// <summary>
/// Teams scripted step by step through the observations route, so the measures see exactly the behaviour the test describes.
/// Each script uses a seeded random stream: the same run every time.
/// </summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class ScriptedTeamTests(CoordinationGatewayFixture fixture)
{
    private const int Steps = 200;
    private static readonly string[] Actions = ["message", "claim", "review"];

    [Fact]
    public async Task An_agent_that_copies_another_one_step_later_is_its_follower()
    {
        var team = CoordinationApi.NewTeam("copy");
        var random = new Random(11);
        var lead = Enumerable.Range(0, Steps).Select(_ => Actions[random.Next(3)]).ToArray();
        var observations = new List<object>();
        for (var t = 0; t < Steps; t++)
        {
            observations.Add(new { agent = "leader", action = lead[t], step = t });
            // The follower does at t what the leader did at t - 1; the bystander acts on its own.
            observations.Add(new { agent = "follower", action = t == 0 ? "message" : lead[t - 1], step = t });
            observations.Add(new { agent = "bystander", action = Actions[random.Next(3)], step = t });
        }

        Assert.Equal(3 * Steps, await fixture.Api.ObserveAsync(team, observations));
        var report = await fixture.Api.ReportOkAsync(team, "&window=200&permutations=100");

        var pair = Pair(report, "follower", "leader");
        Assert.Equal("leader", pair.GetProperty("leader").GetString());
        var leaderToFollower = pair.GetProperty("b_to_a"); // a = follower, b = leader (names are sorted)
        Assert.True(leaderToFollower.GetProperty("value").GetDouble() > 1.4, $"I(leader(t); follower(t+1)) ≈ log2 3: {pair}");
        Assert.Equal(0.01, leaderToFollower.GetProperty("p_value").GetDouble(), 9);
        Assert.True(pair.GetProperty("a_to_b").GetProperty("value").GetDouble() < 0.1, $"the follower does not lead: {pair}");

        var edges = report.GetProperty("leaders").EnumerateArray().ToList();
        Assert.Contains(edges, e => e.GetProperty("leader").GetString() == "leader" && e.GetProperty("follower").GetString() == "follower");
        Assert.DoesNotContain(edges, e => e.GetProperty("leader").GetString() == "follower");
    }

    [Fact]
    public async Task A_team_whose_agents_all_do_the_same_thing_is_advised_to_remove_one()
    {
        var team = CoordinationApi.NewTeam("redundant");
        var random = new Random(5);
        var acts = Enumerable.Range(0, Steps).Select(_ => random.Next(2) == 0 ? "claim" : "message").ToArray();
        var observations = new List<object>();
        for (var t = 0; t < Steps; t++)
        {
            // Every agent does the same thing; what they did one step earlier decides the outcome now (claim → success).
            foreach (var agent in new[] { "copy-a", "copy-b", "copy-c" })
            {
                var outcome = agent == "copy-a" && t > 0 ? (acts[t - 1] == "claim" ? "success" : "failure") : null;
                observations.Add(new { agent, action = acts[t], outcome, step = t });
            }
        }

        await fixture.Api.ObserveAsync(team, observations);
        var report = await fixture.Api.ReportOkAsync(team, "&window=200");

        foreach (var pair in report.GetProperty("pairs").EnumerateArray())
        {
            // Each agent alone tells the next outcome entirely: all of it is redundant, none synergistic.
            Assert.Equal(pair.GetProperty("outcome_information").GetDouble(), pair.GetProperty("redundancy").GetProperty("value").GetDouble(), 9);
            Assert.True(pair.GetProperty("redundancy").GetProperty("value").GetDouble() > 0.9, pair.ToString());
            Assert.Equal(0, pair.GetProperty("synergy").GetProperty("value").GetDouble(), 9);
        }

        var remove = report.GetProperty("advice").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "remove_agent");
        var named = CoordinationApi.Strings(remove.GetProperty("agents"));
        Assert.Equal(["copy-a"], named); // equal redundancy everywhere: the first by name
        Assert.Contains("remove an agent", remove.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Low_synergy_while_tasks_fail_raises_one_alert_at_the_monitor_webhook()
    {
        var team = CoordinationApi.NewTeam("struggling");
        var random = new Random(3);
        var observations = new List<object>();
        for (var t = 0; t < Steps; t++)
        {
            // Two agents acting independently while every step's task fails: the outcome carries no information at all.
            observations.Add(new { agent = "worker-a", action = Actions[random.Next(3)], outcome = "failure", step = t });
            observations.Add(new { agent = "worker-b", action = Actions[random.Next(3)], step = t });
        }

        await fixture.Api.ObserveAsync(team, observations);

        var alert = await fixture.Webhook.WaitForAsync(
            a => a.GetProperty("check").GetString() == "coordination:" + team && a.GetProperty("state").GetString() == "firing",
            TimeSpan.FromSeconds(20), "coordination alert");
        Assert.Equal("warning", alert.GetProperty("status").GetString());
        Assert.Equal(0.05, alert.GetProperty("threshold").GetDouble(), 9);
        Assert.Equal(0, alert.GetProperty("value").GetDouble(), 9);
        Assert.Contains("add a specialist", alert.GetProperty("message").GetString(), StringComparison.Ordinal);

        var report = await fixture.Api.WaitForReportAsync(team, r => r.GetProperty("history").GetArrayLength() >= 3, "three periodic reports");
        Assert.True(report.GetProperty("alerting").GetBoolean());
        Assert.Single(report.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("state").GetString() == "firing");
        Assert.Contains(report.GetProperty("advice").EnumerateArray(), a => a.GetProperty("code").GetString() == "add_specialist");

        // Edge-triggered: later reports in the same state post nothing more for this team.
        await Task.Delay(1000);
        Assert.Single(fixture.Webhook.Received, a => a.GetProperty("check").GetString() == "coordination:" + team);
    }

    private static JsonElement Pair(JsonElement report, string a, string b) =>
        report.GetProperty("pairs").EnumerateArray().Single(p => p.GetProperty("a").GetString() == a && p.GetProperty("b").GetString() == b);
}
