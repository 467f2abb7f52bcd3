using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>Bad report queries, members and observations are refused with a problem naming the rule; nothing is half recorded.</summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class ReportValidationTests(CoordinationGatewayFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task Report_queries_are_validated_before_anything_is_computed()
    {
        var team = CoordinationApi.NewTeam("valid");
        await fixture.Api.ObserveAsync(team, Enumerable.Range(0, 10).Select(t => new { agent = "v-a", action = "claim", step = t }));

        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync(""), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync("team=" + new string('t', 201)), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=soon"), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=-5"), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&permutations=many"), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&seed=x"), HttpStatusCode.BadRequest, "invalid");

        var tooShort = await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=3"), HttpStatusCode.UnprocessableEntity, "invalid_window");
        Assert.Contains("between 4 and 1000", tooShort.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=1001"), HttpStatusCode.UnprocessableEntity, "invalid_window");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=2h"), HttpStatusCode.UnprocessableEntity, "invalid_window");
        // Beyond TimeSpan's range (TimeSpan.FromDays would throw): still the window rule, not a 500.
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&window=999999999d"), HttpStatusCode.UnprocessableEntity, "invalid_window");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&permutations=0"), HttpStatusCode.UnprocessableEntity, "invalid_window");
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync($"team={team}&permutations=1001"), HttpStatusCode.UnprocessableEntity, "invalid_window");

        var unknown = await TaskApi.ProblemAsync(await fixture.Api.ReportAsync("team=" + CoordinationApi.NewTeam("nobody")), HttpStatusCode.NotFound, "not_found");
        Assert.Contains("Nothing was recorded", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A duration is converted with the configured 100 ms step: 2 s is 20 steps.
        var report = await fixture.Api.ReportOkAsync(team, "&window=2s");
        Assert.Equal(20, report.GetProperty("window").GetInt32());
        Assert.Equal(9, report.GetProperty("last_step").GetInt64());
        Assert.Equal(-10, report.GetProperty("first_step").GetInt64());
        Assert.Equal(["v-a"], CoordinationApi.Strings(report.GetProperty("agents")));
        Assert.Empty(report.GetProperty("pairs").EnumerateArray());
    }

    [Fact]
    public async Task Agents_with_many_distinct_actions_still_get_a_report()
    {
        // 50 distinct actions each: the pair's (now, next) joint-state table would be 2500² cells, beyond the measures' limit.
        // Emergence capacity is then undefined (null); the pairwise measures (50 × 50 × 3 cells) are still reported.
        var team = CoordinationApi.NewTeam("varied");
        await fixture.Api.ObserveAsync(team, Enumerable.Range(0, 100).SelectMany(t => new object[]
        {
            new { agent = "var-a", action = $"act{t % 50}", step = t },
            new { agent = "var-b", action = $"act{(t * 7) % 50}", outcome = t % 3 == 0 ? "success" : "failure", step = t },
        }));
        var report = await fixture.Api.ReportOkAsync(team, "&window=100&permutations=5");
        Assert.Single(report.GetProperty("pairs").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("summary").GetProperty("emergence_capacity").ValueKind);
        Assert.True(report.GetProperty("summary").GetProperty("synergy").GetDouble() >= 0);
    }

    [Fact]
    public async Task Bad_members_and_observations_are_refused_and_record_nothing()
    {
        var team = CoordinationApi.NewTeam("refused");
        var members = $"/v1/coordination/teams/{team}/members";
        await TaskApi.ProblemAsync(await Client.PostAsJsonAsync(members, new { agents = Array.Empty<string>() }), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await Client.PostAsJsonAsync(members, new { agents = new[] { "ok", "not ok" } }), HttpStatusCode.BadRequest, "invalid");
        await TaskApi.ProblemAsync(await Client.PostAsJsonAsync(members, new { agents = new string?[] { null } }), HttpStatusCode.BadRequest, "invalid");
        var notJson = await Client.PostAsync(members, new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var observations = $"/v1/coordination/teams/{team}/observations";
        await TaskApi.ProblemAsync(await Client.PostAsJsonAsync(observations, new { observations = Array.Empty<object>() }), HttpStatusCode.BadRequest, "invalid");
        var badOutcome = await TaskApi.ProblemAsync(
            await Client.PostAsJsonAsync(observations, new { observations = new object[] { new { agent = "r-a", action = "claim" }, new { agent = "r-b", action = "claim", outcome = "great" } } }),
            HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Equal(1, badOutcome.GetProperty("index").GetInt32());
        Assert.Contains("observations[1].outcome", badOutcome.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await TaskApi.ProblemAsync(
            await Client.PostAsJsonAsync(observations, new { observations = new object[] { new { agent = "r-a", action = "claim", step = -1 } } }),
            HttpStatusCode.UnprocessableEntity, "invalid");
        await TaskApi.ProblemAsync(
            await Client.PostAsJsonAsync(observations, new { observations = new object[] { new { agent = "r-a" } } }),
            HttpStatusCode.UnprocessableEntity, "invalid");

        // The first observation of the refused request was not kept: the team is still unknown.
        await TaskApi.ProblemAsync(await fixture.Api.ReportAsync("team=" + team), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_review_team_name_with_a_slash_and_hash_works_in_the_path_and_the_query()
    {
        var team = $"review:octo/{Guid.NewGuid():N}#7";
        await fixture.Api.AddMembersAsync(team, "reviewer-security", "reviewer-style");
        await fixture.Api.ObserveAsync(team, Enumerable.Range(0, 8).Select(t => new { agent = "reviewer-style", action = "review", outcome = "success", step = t }));
        var report = await fixture.Api.ReportOkAsync(team, "&window=8");
        Assert.Equal(team, report.GetProperty("team").GetString());
        Assert.Equal(["reviewer-security", "reviewer-style"], CoordinationApi.Strings(report.GetProperty("members")));
        Assert.Equal(8, report.GetProperty("successes").GetInt32());
    }
}
