using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>GET /v1/tasks and /v1/tasks/counts: the index across shards, by status and tag.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskListTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    private async Task<IReadOnlyList<string>> ListAsync(string query)
    {
        var response = await Api.Client.GetAsync("/v1/tasks?" + query);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list: {(int)response.StatusCode} {json}");
        return [.. json.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Tasks_are_listed_newest_first_by_tag_and_status_and_limit()
    {
        var tag = TaskApi.NewPrefix("list");
        for (var i = 0; i < 4; i++)
        {
            await Api.CreateAsync(new { id = $"{tag}-{i}", title = $"t{i}", tags = new[] { tag } });
            await Task.Delay(20);
        }

        await Api.ClaimOkAsync($"{tag}-1", "agent-1");

        Assert.Equal([$"{tag}-3", $"{tag}-2", $"{tag}-1", $"{tag}-0"], await ListAsync($"tag={tag}"));
        Assert.Equal([$"{tag}-3", $"{tag}-2", $"{tag}-0"], await ListAsync($"tag={tag}&status=pending"));
        Assert.Equal([$"{tag}-1"], await ListAsync($"tag={tag}&status=claimed"));
        Assert.Equal([$"{tag}-3", $"{tag}-2"], await ListAsync($"tag={tag}&limit=2"));
    }

    [Theory]
    [InlineData("status=done")]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    public async Task A_bad_list_query_is_refused_with_400(string query)
    {
        await TaskApi.ProblemAsync(await Api.Client.GetAsync("/v1/tasks?" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Counts_name_every_status_and_grow_with_created_tasks()
    {
        var prefix = TaskApi.NewPrefix("counts");
        var before = await CountsAsync();
        Assert.Equal(["blocked", "cancelled", "claimed", "completed", "failed", "in_progress", "pending", "pending_review"], before.Keys.Order(StringComparer.Ordinal));

        await Api.CreateAsync(new { id = prefix + "-a", title = "A" });
        await Api.CreateAsync(new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } });
        var after = await CountsAsync();

        // Other tests' leases may run out meanwhile (moving tasks between statuses), but the total only grows by what was created.
        Assert.Equal(before.Values.Sum() + 2, after.Values.Sum());
    }

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        var json = await Json.ReadAsync(await Api.Client.GetAsync("/v1/tasks/counts"));
        return json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }
}
