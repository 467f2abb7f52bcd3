using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Agents;

/// <summary>Registration is idempotent by name, validated before anything is written, and listed by the sharded directory.</summary>
[Collection(AgentGatewayCollection.Name)]
public sealed class AgentRegistrationTests(AgentGatewayFixture fixture)
{
    private AgentApi Api => fixture.Agents;

    [Fact]
    public async Task Registering_creates_an_idle_agent_whose_id_is_its_name()
    {
        var name = AgentApi.NewName("reg");
        var response = await Api.RegisterAsync(new { name, role = "code-analyzer", capabilities = new[] { "csharp", "review" }, max_concurrent_tasks = 3 });
        var agent = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v1/agents/{name}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, agent.GetProperty("id").GetString());
        Assert.Equal("idle", agent.GetProperty("status").GetString());
        Assert.Equal("code-analyzer", agent.GetProperty("role").GetString());
        Assert.Equal("after_task", agent.GetProperty("handoff").GetString());
        Assert.Equal(3, agent.GetProperty("max_concurrent_tasks").GetInt32());
        Assert.Equal(["csharp", "review"], TaskApi.Strings(agent.GetProperty("capabilities")));
        var read = await Api.GetAsync(name);
        Assert.Equal(agent.GetProperty("registered_at").GetString(), read.GetProperty("registered_at").GetString());
        Assert.Equal(agent.GetProperty("version").GetInt64(), read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Registering_the_same_name_again_updates_it_in_place()
    {
        var name = AgentApi.NewName("again");
        await Api.RegisterOkAsync(name, capabilities: ["a"]);

        var response = await Api.RegisterAsync(new { name, role = "worker", capabilities = new[] { "a", "b" }, max_concurrent_tasks = 2 });
        var agent = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, agent.GetProperty("id").GetString());
        Assert.Equal(["a", "b"], TaskApi.Strings(agent.GetProperty("capabilities")));
        Assert.Equal(2, agent.GetProperty("max_concurrent_tasks").GetInt32());
        await WaitListedAsync($"capability=b&role=worker", name, expected: 1);
    }

    [Fact]
    public async Task Fifty_concurrent_registrations_of_one_name_make_one_agent()
    {
        var name = AgentApi.NewName("race");
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync();
            return (await Api.RegisterAsync(new { name, role = "worker", capabilities = new[] { $"c{i % 3}" } })).StatusCode;
        }).ToArray();
        start.Release(50);
        var codes = await Task.WhenAll(attempts);

        Assert.Equal(1, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(49, codes.Count(c => c == HttpStatusCode.OK));
        await WaitListedAsync($"role=worker", name, expected: 1);
    }

    [Fact]
    public async Task Concurrent_registrations_and_status_changes_are_all_listed_correctly()
    {
        var role = AgentApi.NewName("crowd");
        var names = Enumerable.Range(0, 60).Select(i => $"{role}-{i:D2}").ToArray();
        await Task.WhenAll(names.Select(n => Api.RegisterOkAsync(n, role: role, capabilities: ["x"])));
        var working = names.Where((_, i) => i % 3 == 0).ToArray();
        var offline = names.Where((_, i) => i % 3 == 1).ToArray();
        await Task.WhenAll(
            working.Select(n => Api.Client.PutAsJsonAsync($"/v1/agents/{n}/status", new { status = "working", task = "t" }))
                .Concat(offline.Select(n => Api.Client.PutAsJsonAsync($"/v1/agents/{n}/status", new { status = "offline" }))));

        await WaitUntilAsync(async () => (await Api.ListAsync($"role={role}")).Count == 60, "all 60 listed");
        await WaitUntilAsync(async () => (await Api.ListAsync($"role={role}&status=working")).Count == working.Length, "working listed");
        await WaitUntilAsync(async () => (await Api.ListAsync($"role={role}&status=offline")).Count == offline.Length, "offline listed");
        var idle = await Api.ListAsync($"role={role}&status=idle");
        Assert.Equal(names.Except(working).Except(offline).Order(StringComparer.Ordinal), idle.Select(a => a.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Listing_pages_in_id_order()
    {
        var role = AgentApi.NewName("pages");
        var names = Enumerable.Range(0, 7).Select(i => $"{role}-{i}").ToArray();
        await Task.WhenAll(names.Select(n => Api.RegisterOkAsync(n, role: role)));
        await WaitUntilAsync(async () => (await Api.ListAsync($"role={role}")).Count == 7, "listed");

        var first = await Json.ReadAsync(await Api.Client.GetAsync($"/v1/agents?role={role}&limit=3"));
        Assert.Equal(names[..3], first.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
        var next = first.GetProperty("next_after").GetString();
        var second = await Json.ReadAsync(await Api.Client.GetAsync($"/v1/agents?role={role}&limit=3&after={next}"));
        Assert.Equal(names[3..6], second.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
        var third = await Json.ReadAsync(await Api.Client.GetAsync($"/v1/agents?role={role}&limit=3&after={second.GetProperty("next_after").GetString()}"));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next_after").ValueKind);
    }

    [Theory]
    [InlineData("""{"role":"worker"}""", "name")]
    [InlineData("""{"name":"has space","role":"worker"}""", "name")]
    [InlineData("""{"name":"-dash","role":"worker"}""", "name")]
    [InlineData("""{"name":"ok-agent"}""", "role")]
    [InlineData("""{"name":"ok-agent","role":"wor ker"}""", "role")]
    [InlineData("""{"name":"ok-agent","role":"worker","capabilities":["good","b@d"]}""", "capability")]
    [InlineData("""{"name":"ok-agent","role":"worker","capabilities":["good",null]}""", "capability")]
    [InlineData("""{"name":"ok-agent","role":"worker","subscriptions":[null]}""", "subscriptions")]
    [InlineData("""{"name":"ok-agent","role":"worker","max_concurrent_tasks":0}""", "max_concurrent_tasks")]
    [InlineData("""{"name":"ok-agent","role":"worker","max_concurrent_tasks":"two"}""", "not valid JSON")]
    [InlineData("""[1,2]""", "not valid JSON")]
    public async Task Bad_registrations_are_400_and_register_nothing(string body, string mentions)
    {
        var response = await fixture.Tasks.PostRawAsync("/v1/agents", body);
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(mentions, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync("/v1/agents/ok-agent")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_profile_is_422_naming_the_known_ones()
    {
        var name = AgentApi.NewName("prof");
        var response = await Api.RegisterAsync(new { name, role = "worker", profile = "no-such-profile" });
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("no-such-profile", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/agents/{name}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_agents_are_404_problems()
    {
        var name = AgentApi.NewName("ghost");
        await TaskApi.ProblemAsync(await Api.Client.GetAsync($"/v1/agents/{name}"), HttpStatusCode.NotFound, "not_found");
        await TaskApi.ProblemAsync(await Api.Client.PostAsync($"/v1/agents/{name}/heartbeat", null), HttpStatusCode.NotFound, "not_found");
        await TaskApi.ProblemAsync(await Api.Client.GetAsync($"/v1/agents/{name}/messages"), HttpStatusCode.NotFound, "not_found");
        await TaskApi.ProblemAsync(await Api.Client.PutAsJsonAsync($"/v1/agents/{name}/status", new { status = "idle" }), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("status=sleeping")]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    [InlineData("role=bad%20role")]
    public async Task Bad_list_filters_are_400(string query) =>
        await TaskApi.ProblemAsync(await Api.Client.GetAsync($"/v1/agents?{query}"), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Status_updates_carry_the_task_and_count_working_time()
    {
        var name = AgentApi.NewName("st");
        await Api.RegisterOkAsync(name);
        var response = await Api.Client.PutAsJsonAsync($"/v1/agents/{name}/status", new { status = "working", task = "Analyzing codebase structure" });
        var agent = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("working", agent.GetProperty("status").GetString());
        Assert.Equal("Analyzing codebase structure", agent.GetProperty("current_task").GetString());

        await Task.Delay(50);
        agent = await Json.ReadAsync(await Api.Client.PutAsJsonAsync($"/v1/agents/{name}/status", new { status = "idle", task = (string?)null }));
        Assert.Equal("idle", agent.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, agent.GetProperty("current_task").ValueKind);
        Assert.True(agent.GetProperty("working_seconds").GetDouble() > 0);

        await TaskApi.ProblemAsync(await Api.Client.PutAsJsonAsync($"/v1/agents/{name}/status", new { status = "busy" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_ended_agent_is_offline_until_registered_again()
    {
        var name = AgentApi.NewName("end");
        await Api.RegisterOkAsync(name);
        var ended = await Json.ReadAsync(await Api.Client.PostAsJsonAsync($"/v1/agents/{name}/end", new { reason = "done" }));
        Assert.Equal("offline", ended.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("ended_at").ValueKind);

        await TaskApi.ProblemAsync(await Api.Client.PutAsJsonAsync($"/v1/agents/{name}/status", new { status = "idle" }), HttpStatusCode.Conflict, "agent_ended");
        var revived = await Api.RegisterOkAsync(name);
        Assert.Equal("idle", revived.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, revived.GetProperty("ended_at").ValueKind);
    }

    private async Task WaitListedAsync(string query, string name, int expected) =>
        await WaitUntilAsync(async () => (await Api.ListAsync(query)).Count(a => a.GetProperty("id").GetString() == name) == expected, $"{name} listed {expected}×");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
