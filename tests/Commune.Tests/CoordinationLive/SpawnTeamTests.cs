using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>Implicit teams: a parent and the subagents it spawns form <c>spawn:{parent}</c>, and the parent's own actions count there.</summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class SpawnTeamTests(CoordinationGatewayFixture fixture)
{
    [Fact]
    public async Task A_parent_and_its_subagents_form_its_spawn_team()
    {
        var parent = AgentApi.NewName("orchestrator");
        var listener = AgentApi.NewName("listener");
        await fixture.Agents.RegisterOkAsync(parent, role: "orchestrator");
        await fixture.Agents.RegisterOkAsync(listener);
        var team = "spawn:" + parent;

        var subagents = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await fixture.Gateway.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", new { profile = "mundane", prompt = $"Summarise part {i}." });
            var spawned = await Json.ReadAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"spawn: {(int)response.StatusCode} {spawned}");
            subagents.Add(spawned.GetProperty("subagent_id").GetString()!);
        }

        // The subagents' registrations make the team; the parent joins it with the first one.
        var report = await fixture.Api.WaitForReportAsync(
            team, r => r.GetProperty("successes").GetInt32() >= 2 && CoordinationApi.Strings(r.GetProperty("members")).Count == 3,
            "the parent, two subagents and their two completed tasks", TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { parent }.Concat(subagents).Order(StringComparer.Ordinal), CoordinationApi.Strings(report.GetProperty("members")));

        // From then on the parent's own messages are recorded for the team too.
        await fixture.Agents.SendOkAsync(new { from = parent, type = "direct", to_agent = listener, payload = new { done = true } });
        await fixture.Api.WaitForReportAsync(
            team, r => CoordinationApi.Strings(r.GetProperty("agents")).Contains(parent), "the parent's message among the team's actions");
        var after = await fixture.Api.ReportOkAsync(team);
        Assert.DoesNotContain(listener, CoordinationApi.Strings(after.GetProperty("members")));
    }
}
