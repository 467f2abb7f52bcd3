using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Agents;

/// <summary>
/// Heartbeats on a one-second interval: an agent that misses two goes offline and comes back on its next heartbeat; heartbeats renew the
/// leases of the tasks the agent holds; claiming and finishing moves the agent between working and idle.
/// </summary>
public sealed class AgentLivenessTests(AgentLivenessTests.Gateway fixture) : IClassFixture<AgentLivenessTests.Gateway>
{
    private readonly GatewayHost _gateway = fixture.Host;

    private AgentApi Agents => new(_gateway.Client);

    private TaskApi Tasks => new(_gateway.Client);

    /// <summary>One gateway for the class, with a one-second heartbeat interval.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Fleet:HeartbeatInterval"] = "00:00:01",
            ["Fleet:MissedHeartbeats"] = "2",
            ["Fleet:SweepInterval"] = "00:00:00.200",
            ["Tasks:SweepInterval"] = "00:00:00.200",
        });

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_that_misses_its_heartbeats_goes_offline_and_comes_back_with_the_next()
    {
        var name = AgentApi.NewName("quiet");
        await Agents.RegisterOkAsync(name);

        var offline = await Agents.WaitForAsync(name, a => a.GetProperty("status").GetString() == "offline", TimeSpan.FromSeconds(10), "offline");
        Assert.Contains("missed heartbeats", offline.GetProperty("status_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(await Agents.ListAsync("status=offline"), a => a.GetProperty("id").GetString() == name);

        var back = await Json.ReadAsync(await _gateway.Client.PostAsync($"/v1/agents/{name}/heartbeat", null));
        Assert.Equal("idle", back.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_agent_that_keeps_heartbeating_stays_idle()
    {
        var name = AgentApi.NewName("alive");
        await Agents.RegisterOkAsync(name);
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(400);
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.PostAsync($"/v1/agents/{name}/heartbeat", null)).StatusCode);
        }

        Assert.Equal("idle", (await Agents.GetAsync(name)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Agent_heartbeats_renew_the_leases_of_its_tasks()
    {
        var (holder, idle) = (AgentApi.NewName("holder"), AgentApi.NewName("noheart"));
        await Agents.RegisterOkAsync(holder);
        await Agents.RegisterOkAsync(idle);
        var (kept, lost) = (TaskApi.NewPrefix("kept"), TaskApi.NewPrefix("lost"));
        await Tasks.CreateAsync(new { id = kept, title = "kept alive by agent heartbeats" });
        await Tasks.CreateAsync(new { id = lost, title = "its agent only heartbeats the task" });
        await Tasks.ClaimOkAsync(kept, holder, leaseSeconds: 2);
        var lostEpoch = await Tasks.ClaimOkAsync(lost, idle, leaseSeconds: 2);
        await Agents.WaitForAsync(holder, a => a.GetProperty("held_tasks").GetArrayLength() == 1, TimeSpan.FromSeconds(5), "holding its task");

        // Four seconds: twice the lease. Only agent heartbeats (never the task's own heartbeat route) keep the first claim.
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            await _gateway.Client.PostAsync($"/v1/agents/{holder}/heartbeat", null);
            await _gateway.Client.PostAsync($"/v1/agents/{idle}/heartbeat", null);
            if (i == 0)
            {
                await _gateway.Client.PostAsJsonAsync($"/v1/tasks/{lost}/release", new { agent_id = idle, epoch = lostEpoch, reason = "let it go" });
            }
        }

        var task = await Tasks.GetAsync(kept);
        Assert.Equal("claimed", task.GetProperty("status").GetString());
        Assert.Equal(holder, task.GetProperty("agent_id").GetString());
        Assert.Equal("pending", await Tasks.StatusAsync(lost));
        await Agents.WaitForAsync(idle, a => a.GetProperty("held_tasks").GetArrayLength() == 0 && a.GetProperty("status").GetString() == "idle", TimeSpan.FromSeconds(5), "idle after letting go");
    }

    [Fact]
    public async Task Claiming_makes_the_agent_working_and_completing_makes_it_idle()
    {
        var name = AgentApi.NewName("cycle");
        await Agents.RegisterOkAsync(name, capabilities: ["rust"]);
        var id = TaskApi.NewPrefix("rusty");
        await Tasks.CreateAsync(new { id, title = "needs rust", required_capability = "rust", tags = new[] { id } });

        // The registered capabilities feed next and claim: the agent passes none itself. The tag keeps other tests' pending tasks
        // (a lapsed lease from a neighbouring test, say) out of this agent's offer.
        Assert.Null(await Tasks.NextIdAsync(AgentApi.NewName("nocaps"), tags: id));
        Assert.Equal(id, await Tasks.NextIdAsync(name, tags: id));
        var epoch = await Tasks.ClaimOkAsync(id, name);
        var working = await Agents.WaitForAsync(name, a => a.GetProperty("status").GetString() == "working", TimeSpan.FromSeconds(5), "working");
        Assert.Equal(id, working.GetProperty("current_task").GetString());

        var second = TaskApi.NewPrefix("second");
        await Tasks.CreateAsync(new { id = second, title = "one too many" });
        await TaskApi.ProblemAsync(await Tasks.ClaimAsync(second, name), HttpStatusCode.Conflict, "agent_at_capacity");

        await Tasks.HolderOkAsync(id, "complete", name, epoch, result: new { ok = true });
        var idle = await Agents.WaitForAsync(name, a => a.GetProperty("status").GetString() == "idle", TimeSpan.FromSeconds(5), "idle");
        Assert.Equal(0, idle.GetProperty("held_tasks").GetArrayLength());
        Assert.True(idle.GetProperty("working_seconds").GetDouble() > 0);
    }
}
