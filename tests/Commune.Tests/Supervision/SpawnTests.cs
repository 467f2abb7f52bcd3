using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>Spawning: a subagent with a profile and a share of its parent's budget does its task, reports to its parent and ends.</summary>
[Collection(SupervisionGatewayCollection.Name)]
public sealed class SpawnTests(SupervisionGatewayFixture fixture)
{
    private SupervisionApi Api => fixture.Api;

    [Fact]
    public async Task A_subagent_does_its_task_reports_task_complete_to_its_parent_and_ends()
    {
        var parent = TaskApi.NewPrefix("parent");
        await Api.RegisterAsync(parent, "orchestrator");
        var limit = await Api.Client.PutAsJsonAsync($"/v1/budgets/session/{parent}", new { token_limit = 100_000 });
        Assert.Equal(HttpStatusCode.OK, limit.StatusCode);

        var response = await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", new
        {
            profile = "mundane",
            task = new { title = "Extract the dates", description = "List every date in the input.", input = new { text = "1 May and 3 June" } },
            budget_share = 0.5,
        });
        var spawned = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, spawned.ToString());
        var sub = spawned.GetProperty("subagent_id").GetString()!;
        var taskId = spawned.GetProperty("task_id").GetString()!;
        Assert.Equal(parent + ".sub-1", sub);
        Assert.Equal(sub, spawned.GetProperty("session_id").GetString());
        Assert.Equal(50_000, spawned.GetProperty("token_limit").GetInt64());
        var session = await Json.ReadAsync(await Api.Client.GetAsync($"/v1/budgets/session/{sub}"));
        Assert.Equal(50_000, session.GetProperty("token_limit").GetInt64());

        var inbox = await SupervisionApi.WaitAsync(
            () => Api.InboxAsync(parent), m => m.Any(x => x.GetProperty("type").GetString() == "task_complete"), TimeSpan.FromSeconds(20), "task_complete in the parent's inbox");
        var message = inbox.Single(x => x.GetProperty("type").GetString() == "task_complete");
        Assert.Equal(sub, message.GetProperty("from").GetString());
        var payload = message.GetProperty("payload");
        Assert.Equal(taskId, payload.GetProperty("task_id").GetString());
        Assert.Equal("success", payload.GetProperty("status").GetString());
        Assert.Equal(sub, payload.GetProperty("subagent_id").GetString());
        Assert.True(payload.GetProperty("result").GetProperty("simulated").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(payload.GetProperty("result").GetProperty("text").GetString()));
        Assert.True(payload.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);

        var ended = await SupervisionApi.WaitAsync(
            () => Api.AgentAsync(sub), a => a.GetProperty("ended_at").ValueKind != JsonValueKind.Null, TimeSpan.FromSeconds(10), "the subagent ending");
        Assert.Equal("offline", ended.GetProperty("status").GetString());
        Assert.Equal(parent, ended.GetProperty("parent").GetString());
        Assert.Equal("mundane", ended.GetProperty("profile").GetString());
        Assert.Equal("completed", await Api.Tasks.StatusAsync(taskId));

        // The subagent's spend counts against the parent's ledger.
        var parentBudget = await Json.ReadAsync(await Api.Client.GetAsync($"/v1/budgets/session/{parent}"));
        Assert.True(parentBudget.GetProperty("tokens_spent").GetInt64() > 0);
    }

    [Fact]
    public async Task A_subagent_whose_budget_share_cannot_cover_the_call_reports_failed_and_still_ends()
    {
        var parent = TaskApi.NewPrefix("poor");
        await Api.RegisterAsync(parent);
        await Api.Client.PutAsJsonAsync($"/v1/budgets/session/{parent}", new { token_limit = 20 });

        var response = await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", new { profile = "mundane", prompt = "Write a long essay.", budget_share = 0.5 });
        var spawned = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, spawned.ToString());
        var sub = spawned.GetProperty("subagent_id").GetString()!;
        Assert.Equal(10, spawned.GetProperty("token_limit").GetInt64());

        var inbox = await SupervisionApi.WaitAsync(
            () => Api.InboxAsync(parent), m => m.Any(x => x.GetProperty("type").GetString() == "task_complete"), TimeSpan.FromSeconds(20), "task_complete in the parent's inbox");
        var payload = inbox.Single(x => x.GetProperty("type").GetString() == "task_complete").GetProperty("payload");
        Assert.Equal("failed", payload.GetProperty("status").GetString());
        Assert.Contains("budget", payload.GetProperty("error").GetString());
        await SupervisionApi.WaitAsync(
            () => Api.AgentAsync(sub), a => a.GetProperty("ended_at").ValueKind != JsonValueKind.Null, TimeSpan.FromSeconds(10), "the subagent ending");
        Assert.Equal("failed", await Api.Tasks.StatusAsync(spawned.GetProperty("task_id").GetString()!));
    }

    [Fact]
    public async Task Spawning_for_an_unknown_parent_is_404_an_unknown_profile_422_and_an_ended_parent_409()
    {
        var parent = TaskApi.NewPrefix("spawn-val");
        var body = new { profile = "mundane", prompt = "hello" };
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", body), HttpStatusCode.NotFound, "not_found");

        await Api.RegisterAsync(parent);
        await TaskApi.ProblemAsync(
            await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", new { profile = "no-such-profile", prompt = "hello" }), HttpStatusCode.UnprocessableEntity, "invalid");

        await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/end", new { reason = "done" });
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync($"/v1/agents/{parent}/spawn", body), HttpStatusCode.Conflict, "agent_ended");
    }

    [Theory]
    [InlineData("""{"prompt":"hi"}""", "profile")]
    [InlineData("""{"profile":"mundane"}""", "task")]
    [InlineData("""{"profile":"mundane","prompt":"hi","task":{"title":"t"}}""", "exactly one")]
    [InlineData("""{"profile":"mundane","task":{"description":"no title"}}""", "title")]
    [InlineData("""{"profile":"mundane","prompt":"hi","budget_share":0}""", "budget_share")]
    [InlineData("""{"profile":"mundane","prompt":"hi","budget_share":1.5}""", "budget_share")]
    [InlineData("""{"profile":"mundane","prompt":"hi","role":"bad role"}""", "role")]
    public async Task Invalid_spawns_are_400_naming_the_field(string body, string field)
    {
        var parent = TaskApi.NewPrefix("spawn-bad");
        await Api.RegisterAsync(parent);
        var problem = await TaskApi.ProblemAsync(await Api.Tasks.PostRawAsync($"/v1/agents/{parent}/spawn", body), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains(field, problem.GetProperty("detail").GetString());
    }
}
