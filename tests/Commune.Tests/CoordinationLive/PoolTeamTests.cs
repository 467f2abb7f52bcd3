using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>Implicit teams: a pool's workers form <c>pool:{name}</c> from their registration alone, and their real work is recorded there.</summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class PoolTeamTests(CoordinationGatewayFixture fixture)
{
    [Fact]
    public async Task A_pools_workers_form_its_team_and_their_completed_tasks_count_as_its_performance()
    {
        var name = TaskApi.NewPrefix("cpool");
        var role = name + "-role";
        var team = "pool:" + name;
        var declared = await fixture.Gateway.Client.PostAsJsonAsync("/v1/pools", new { name, role, profile = "mundane", min = 2, max = 2 });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        try
        {
            var ids = Enumerable.Range(1, 4).Select(i => $"{name}-t{i}").ToArray();
            await fixture.Tasks.CreateBatchAsync([.. ids.Select(id => new { id, title = "summarise " + id, description = "One line, please.", role })]);

            var report = await fixture.Api.WaitForReportAsync(
                team, r => r.GetProperty("successes").GetInt32() >= 4, "the pool's four completed tasks", TimeSpan.FromSeconds(30));
            Assert.Equal([$"{name}-1", $"{name}-2"], CoordinationApi.Strings(report.GetProperty("members")));
            Assert.All(CoordinationApi.Strings(report.GetProperty("agents")), agent => Assert.StartsWith(name + "-", agent, StringComparison.Ordinal));
            Assert.Equal(1.0, report.GetProperty("summary").GetProperty("performance").GetDouble(), 9);
        }
        finally
        {
            await fixture.Gateway.Client.DeleteAsync($"/v1/pools/{name}");
        }
    }
}
