using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>Recording from real activity: agents' messages and task actions reach their team through the audit feed, with no extra call.</summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class LiveRecordingTests(CoordinationGatewayFixture fixture)
{
    [Fact]
    public async Task Messages_and_task_actions_of_team_members_show_up_in_the_report_and_its_history()
    {
        var team = CoordinationApi.NewTeam("live");
        var planner = AgentApi.NewName("planner");
        var coder = AgentApi.NewName("coder");
        var tester = AgentApi.NewName("tester");
        var outsider = AgentApi.NewName("outsider");
        foreach (var agent in new[] { planner, coder, tester, outsider })
        {
            await fixture.Agents.RegisterOkAsync(agent);
        }

        await fixture.Api.AddMembersAsync(team, planner, coder, tester);

        // A few rounds spread over several 100 ms steps: the planner messages, the coder completes, the tester fails one.
        var prefix = TaskApi.NewPrefix("coord");
        for (var round = 0; round < 4; round++)
        {
            await fixture.Agents.SendOkAsync(new { from = planner, type = "direct", to_agent = coder, payload = new { round } });
            await fixture.Agents.SendOkAsync(new { from = outsider, type = "direct", to_agent = coder, payload = new { round } });
            var done = $"{prefix}-done-{round}";
            await fixture.Tasks.CreateAsync(new { id = done, title = "build" });
            await fixture.Tasks.ClaimAndCompleteAsync(done, coder, new { ok = true });
            if (round == 0)
            {
                var failed = $"{prefix}-failed";
                await fixture.Tasks.CreateAsync(new { id = failed, title = "test", max_attempts = 1 });
                var epoch = await fixture.Tasks.ClaimOkAsync(failed, tester);
                await fixture.Tasks.HolderOkAsync(failed, "fail", tester, epoch, error: "tests red");
            }

            await Task.Delay(150);
        }

        var report = await fixture.Api.WaitForReportAsync(
            team,
            r => r.GetProperty("successes").GetInt32() >= 4 && r.GetProperty("failures").GetInt32() >= 1
                && r.GetProperty("history").GetArrayLength() > 0
                && CoordinationApi.Strings(r.GetProperty("agents")).Count == 3,
            "three agents, four successes, one failure and a history");

        Assert.Equal([coder, planner, tester], CoordinationApi.Strings(report.GetProperty("agents")).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { coder, planner, tester }.Order(StringComparer.Ordinal), CoordinationApi.Strings(report.GetProperty("members")));
        Assert.DoesNotContain(outsider, CoordinationApi.Strings(report.GetProperty("agents")));
        Assert.Equal(3, report.GetProperty("pairs").GetArrayLength());

        var performance = report.GetProperty("summary").GetProperty("performance").GetDouble();
        var successes = report.GetProperty("successes").GetInt32();
        var failures = report.GetProperty("failures").GetInt32();
        Assert.Equal((double)successes / (successes + failures), performance, 9);

        var roles = report.GetProperty("specialization").EnumerateArray().ToDictionary(r => r.GetProperty("agent").GetString()!);
        Assert.Equal("message:direct", roles[planner].GetProperty("dominant").GetString());
        Assert.True(roles[planner].GetProperty("specialized").GetBoolean());
        Assert.Equal(8, roles[coder].GetProperty("actions").GetInt32()); // four claims, four completions
        Assert.Equal(2, roles[tester].GetProperty("actions").GetInt32()); // one claim, one failure

        var teams = await Json.ReadAsync(await fixture.Gateway.Client.GetAsync("/v1/coordination/teams"));
        Assert.Contains(teams.GetProperty("teams").EnumerateArray(), t => t.GetProperty("team").GetString() == team);
        Assert.All(report.GetProperty("history").EnumerateArray(), point => Assert.Equal(JsonValueKind.Number, point.GetProperty("agents").ValueKind));
    }
}
