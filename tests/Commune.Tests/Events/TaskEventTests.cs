using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Events;

/// <summary>The audit trail of tasks over HTTP: every transition recorded in order, filtered by task, agent, kind and trace, and replayed.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskEventTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    private EventApi Events => new(fixture.Gateway.Client);

    [Fact]
    public async Task Every_transition_of_a_task_is_recorded_in_order_with_its_holder_and_epoch()
    {
        var id = TaskApi.NewPrefix("ev-order");
        await Api.CreateAsync(new { id, title = "audited", priority = "high", tags = new[] { "x" } });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");
        await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, progress = 50 });
        await Api.HolderOkAsync(id, "complete", "agent-1", epoch, new { answer = 42 });

        var events = await Events.WaitForKindsAsync($"task={id}", "task.created", "task.claimed", "task.in_progress", "task.completed");

        Assert.All(events, e => Assert.Equal(id, e.GetProperty("task_id").GetString()));
        Assert.True(events.Select(e => e.GetProperty("id").GetInt64()).Order().SequenceEqual(events.Select(e => e.GetProperty("id").GetInt64())));
        var created = events[0].GetProperty("data");
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("audited", created.GetProperty("title").GetString());
        Assert.Equal("high", created.GetProperty("priority").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("agent_id").ValueKind);
        Assert.Equal("agent-1", events[1].GetProperty("agent_id").GetString());
        Assert.Equal(epoch, events[1].GetProperty("data").GetProperty("epoch").GetInt64());
        Assert.Equal("agent-1", events[1].GetProperty("data").GetProperty("agent_id").GetString());
        Assert.Equal(JsonValueKind.String, events[1].GetProperty("data").GetProperty("lease_expires_at").ValueKind);
        var completed = events[3].GetProperty("data");
        Assert.Equal(42, completed.GetProperty("result").GetProperty("answer").GetInt32());
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("lease_expires_at").ValueKind);
    }

    [Fact]
    public async Task A_heartbeat_or_a_progress_note_changes_no_status_and_records_nothing()
    {
        var id = TaskApi.NewPrefix("ev-quiet");
        await Api.CreateAsync(new { id, title = "t" });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");
        await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, progress = 10 });
        await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, progress = 20 });
        await Api.HolderOkAsync(id, "heartbeat", "agent-1", epoch);
        await Api.HolderOkAsync(id, "release", "agent-1", epoch, reason: "done for today");

        var events = await Events.WaitForKindsAsync($"task={id}", "task.created", "task.claimed", "task.in_progress", "task.pending");

        // The agent that let go is who the release concerns, though the task no longer has a holder.
        Assert.Equal("agent-1", events[3].GetProperty("agent_id").GetString());
        Assert.Equal(JsonValueKind.Null, events[3].GetProperty("data").GetProperty("agent_id").ValueKind);
        Assert.Equal(epoch + 1, events[3].GetProperty("data").GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task A_dependent_is_recorded_blocked_then_pending_when_its_dependency_completes()
    {
        var prefix = TaskApi.NewPrefix("ev-dep");
        await Api.CreateBatchAsync(new { id = prefix + "-a", title = "A" }, new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } });
        await Api.ClaimAndCompleteAsync(prefix + "-a", "agent-1", "ok");

        var b = await Events.WaitForKindsAsync($"task={prefix}-b", "task.created", "task.pending");

        Assert.Equal("blocked", b[0].GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_are_filtered_by_agent_and_by_kind_or_kind_family()
    {
        var prefix = TaskApi.NewPrefix("ev-filter");
        var agent = prefix + "-agent";
        await Api.CreateAsync(new { id = prefix + "-a", title = "A" });
        await Api.CreateAsync(new { id = prefix + "-b", title = "B" });
        await Api.ClaimAndCompleteAsync(prefix + "-a", agent, "ok");
        var epoch = await Api.ClaimOkAsync(prefix + "-b", agent);
        await Api.HolderOkAsync(prefix + "-b", "fail", agent, epoch, error: "broke");

        var mine = await Events.WaitForKindsAsync($"agent={agent}", "task.claimed", "task.completed", "task.claimed", "task.pending");
        var claims = await Events.AllAsync($"agent={agent}&kind=task.claimed");
        var taskB = await Events.AllAsync($"task={prefix}-b&kind=task.*");

        Assert.Equal([prefix + "-a", prefix + "-a", prefix + "-b", prefix + "-b"], mine.Select(e => e.GetProperty("task_id").GetString()));
        Assert.Equal(1, mine[3].GetProperty("data").GetProperty("failed_attempts").GetInt32());
        Assert.Equal([prefix + "-a", prefix + "-b"], claims.Select(e => e.GetProperty("task_id").GetString()));
        Assert.Equal(["task.created", "task.claimed", "task.pending"], EventApi.Kinds(taskB));
    }

    [Fact]
    public async Task The_traceparent_of_a_request_is_the_trace_id_of_the_events_it_causes()
    {
        var id = TaskApi.NewPrefix("ev-trace");
        var createTrace = ActivityTraceId.CreateRandom().ToHexString();
        var claimTrace = ActivityTraceId.CreateRandom().ToHexString();

        // A client that sends the traceparent as given, as an agent in another process would: this process's HttpClient
        // instrumentation (the gateway's, in the same process) would otherwise send a trace of its own in its place.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.Gateway.Address };
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tasks") { Content = JsonContent.Create(new { id, title = "traced" }) })
        {
            create.Headers.Add("traceparent", $"00-{createTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using (var claim = new HttpRequestMessage(HttpMethod.Post, $"/v1/tasks/{id}/claim") { Content = JsonContent.Create(new { agent_id = "agent-1" }) })
        {
            claim.Headers.Add("traceparent", $"00-{claimTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(claim);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var events = await Events.WaitForKindsAsync($"task={id}", "task.created", "task.claimed");
        var byCreateTrace = await Events.AllAsync($"trace={createTrace}");
        var byClaimTrace = await Events.AllAsync($"trace={claimTrace.ToUpperInvariant()}");

        Assert.Equal(createTrace, events[0].GetProperty("trace_id").GetString());
        Assert.Equal(claimTrace, events[1].GetProperty("trace_id").GetString());
        Assert.Equal(["task.created"], EventApi.Kinds(byCreateTrace));
        Assert.Equal(["task.claimed"], EventApi.Kinds(byClaimTrace));
    }

    [Fact]
    public async Task Replay_as_of_an_intermediate_event_gives_the_state_then_and_at_the_latest_equals_the_task()
    {
        var id = TaskApi.NewPrefix("ev-replay");
        await Api.CreateAsync(new { id, title = "replayed" });
        var first = await Api.ClaimOkAsync(id, "agent-1");
        await Api.HolderOkAsync(id, "release", "agent-1", first);
        var second = await Api.ClaimOkAsync(id, "agent-2");
        await Api.HolderOkAsync(id, "complete", "agent-2", second, "done");
        var events = await Events.WaitForKindsAsync($"task={id}", "task.created", "task.claimed", "task.pending", "task.claimed", "task.completed");
        var ids = events.Select(e => e.GetProperty("id").GetInt64()).ToArray();

        var (claimedStatus, claimed) = await Events.StateAsync($"task={id}&as_of={ids[1]}");
        var (releasedStatus, released) = await Events.StateAsync($"task={id}&as_of={ids[3] - 1}");
        var (latestStatus, latest) = await Events.StateAsync($"task={id}");
        var (beforeStatus, before) = await Events.StateAsync($"task={id}&as_of={ids[0] - 1}");
        var task = await Api.GetAsync(id);

        Assert.Equal(HttpStatusCode.OK, claimedStatus);
        Assert.Equal("task", claimed.GetProperty("subject").GetProperty("type").GetString());
        Assert.Equal(id, claimed.GetProperty("subject").GetProperty("id").GetString());
        Assert.Equal(ids[1], claimed.GetProperty("as_of").GetInt64());
        Assert.Equal(2, claimed.GetProperty("events_applied").GetInt32());
        Assert.Equal("claimed", claimed.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal("agent-1", claimed.GetProperty("state").GetProperty("agent_id").GetString());
        Assert.Equal(first, claimed.GetProperty("state").GetProperty("epoch").GetInt64());
        Assert.Equal("replayed", claimed.GetProperty("state").GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, releasedStatus);
        Assert.Equal(3, released.GetProperty("events_applied").GetInt32());
        Assert.Equal(ids[2], released.GetProperty("last_event_id").GetInt64());
        Assert.Equal("pending", released.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, released.GetProperty("state").GetProperty("agent_id").ValueKind);

        Assert.Equal(HttpStatusCode.OK, latestStatus);
        Assert.Equal(ids[4], latest.GetProperty("as_of").GetInt64());
        Assert.Equal(5, latest.GetProperty("events_applied").GetInt32());
        var state = latest.GetProperty("state");
        Assert.Equal(task.GetProperty("status").GetString(), state.GetProperty("status").GetString());
        Assert.Equal(task.GetProperty("agent_id").GetString(), state.GetProperty("agent_id").GetString());
        Assert.Equal(task.GetProperty("epoch").GetInt64(), state.GetProperty("epoch").GetInt64());
        Assert.Equal("done", state.GetProperty("result").GetString());

        Assert.Equal(HttpStatusCode.NotFound, beforeStatus);
        Assert.Equal("not_found", before.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Replay_of_a_subject_without_events_is_a_404_problem()
    {
        var (taskStatus, task) = await Events.StateAsync($"task={TaskApi.NewPrefix("ev-none")}");
        var (agentStatus, _) = await Events.StateAsync($"agent={TaskApi.NewPrefix("ev-nobody")}");

        Assert.Equal(HttpStatusCode.NotFound, taskStatus);
        Assert.Equal("No events", task.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, agentStatus);
    }

    [Theory]
    [InlineData("/v1/events?after=-1", "after")]
    [InlineData("/v1/events?after=x", "after")]
    [InlineData("/v1/events?limit=0", "limit")]
    [InlineData("/v1/events?limit=1001", "limit")]
    [InlineData("/v1/events?limit=ten", "limit")]
    [InlineData("/v1/events?agent=", "agent")]
    [InlineData("/v1/events?task=%20", "task")]
    [InlineData("/v1/events?task=a%00b", "task")]
    [InlineData("/v1/events?trace=abc", "trace")]
    [InlineData("/v1/events?trace=00000000000000000000000000000000", "trace")]
    [InlineData("/v1/events?trace=zz3bf92f3577b34da6a3ce929d0e0e47", "trace")]
    [InlineData("/v1/events?kind=Task.Claimed", "kind")]
    [InlineData("/v1/events?kind=*", "kind")]
    [InlineData("/v1/events?kind=", "kind")]
    [InlineData("/v1/events/state", "subject")]
    [InlineData("/v1/events/state?task=a&agent=b", "subject")]
    [InlineData("/v1/events/state?task=a&as_of=-3", "as_of")]
    [InlineData("/v1/events/state?task=a&as_of=soon", "as_of")]
    [InlineData("/v1/events/state?agent=", "agent")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string path, string parameter)
    {
        using var response = await Api.Client.GetAsync(path);

        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid");
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }
}
