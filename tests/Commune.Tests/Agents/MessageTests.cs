using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Agents;

/// <summary>Seed 002's envelope: validated shapes, direct inboxes with acknowledgement, broadcasts, topics and capability routing.</summary>
[Collection(AgentGatewayCollection.Name)]
public sealed class MessageTests(AgentGatewayFixture fixture)
{
    private AgentApi Api => fixture.Agents;

    [Fact]
    public async Task A_direct_message_waits_in_the_inbox_until_acknowledged()
    {
        var (alice, bob) = (AgentApi.NewName("alice"), AgentApi.NewName("bob"));
        await Api.RegisterOkAsync(alice, role: "orchestrator");
        await Api.RegisterOkAsync(bob);

        var sent = await Api.SendOkAsync(new { from = alice, type = "direct", to_agent = bob, payload = new { action = "work_on", task_id = "t-1" } });
        Assert.Equal("direct", sent.GetProperty("route").GetString());
        Assert.Equal(1, sent.GetProperty("recipients").GetInt32());
        var id = sent.GetProperty("message").GetProperty("id").GetString()!;
        await Api.SendOkAsync(new { from = alice, type = "task_claim", to_agent = bob, payload = new { task_id = "t-2" } });

        var inbox = await Api.InboxAsync(bob);
        var messages = inbox.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, inbox.GetProperty("pending").GetInt32());
        Assert.Equal(id, messages[0].GetProperty("id").GetString());
        Assert.Equal(alice, messages[0].GetProperty("from").GetString());
        Assert.Equal(bob, messages[0].GetProperty("to_agent").GetString());
        Assert.Equal("work_on", messages[0].GetProperty("payload").GetProperty("action").GetString());
        Assert.Equal(1, messages[0].GetProperty("schema_version").GetInt32());
        Assert.False(string.IsNullOrEmpty(messages[0].GetProperty("trace_id").GetString()));
        Assert.True(messages[1].GetProperty("sequence").GetInt64() > messages[0].GetProperty("sequence").GetInt64());

        var after = await Api.InboxAsync(bob, after: messages[0].GetProperty("sequence").GetInt64());
        Assert.Equal("task_claim", Assert.Single(after.GetProperty("messages").EnumerateArray()).GetProperty("type").GetString());

        var ack = await Json.ReadAsync(await Api.AckAsync(bob, id, "msg-never-sent"));
        Assert.Equal([id], TaskApi.Strings(ack.GetProperty("acknowledged")));
        Assert.Equal(["msg-never-sent"], TaskApi.Strings(ack.GetProperty("unknown")));
        Assert.Equal(1, ack.GetProperty("pending").GetInt32());
        Assert.Equal("task_claim", Assert.Single(await Api.MessagesAsync(bob)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_retried_message_id_is_delivered_once()
    {
        var (a, b) = (AgentApi.NewName("a"), AgentApi.NewName("b"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);
        var id = "retry-" + Guid.NewGuid().ToString("N");
        await Api.SendOkAsync(new { id, from = a, type = "direct", to_agent = b, payload = new { n = 1 } });
        await Api.SendOkAsync(new { id, from = a, type = "direct", to_agent = b, payload = new { n = 1 } });
        Assert.Single(await Api.MessagesAsync(b));
    }

    [Fact]
    public async Task The_trace_id_of_the_request_travels_with_the_message()
    {
        var (a, b) = (AgentApi.NewName("tr"), AgentApi.NewName("tr"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = a, type = "direct", to_agent = b, payload = new { } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");
        // The gateway runs in this process and instruments HttpClient: a plain handler that injects nothing keeps our traceparent.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = Api.Client.BaseAddress };
        var sent = await Json.ReadAsync(await client.SendAsync(request));
        Assert.Equal(traceId, sent.GetProperty("message").GetProperty("trace_id").GetString());
        Assert.Equal(traceId, Assert.Single(await Api.MessagesAsync(b)).GetProperty("trace_id").GetString());
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { """{"type":"no_such_type","payload":{}}""", HttpStatusCode.UnprocessableEntity, "unknown_type" },
        { """{"type":"task_claim","payload":{}}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"task_claim","payload":{"task_id":42}}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"review_complete","payload":{"task_id":"t","approved":"yes"}}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"direct","payload":[1,2,3]}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"direct","payload":"text"}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"direct","payload":{"blob":"BIG"}}""", HttpStatusCode.RequestEntityTooLarge, "payload_too_large" },
        { """{"type":"direct","payload":{},"topic":"also-a-topic"}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"direct","payload":{},"to_role":"worker"}""", HttpStatusCode.UnprocessableEntity, "invalid" },
        { """{"type":"direct","payload":{},"routing":"random"}""", HttpStatusCode.BadRequest, "invalid" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Malformed_messages_are_refused_naming_the_rule_and_deliver_nothing(string fields, HttpStatusCode status, string code)
    {
        var (from, to) = (AgentApi.NewName("bad"), AgentApi.NewName("bad"));
        await Api.RegisterOkAsync(from);
        await Api.RegisterOkAsync(to);
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fields.Replace("BIG", new string('x', 5000), StringComparison.Ordinal))!;
        body["from"] = JsonSerializer.SerializeToElement(from);
        body["to_agent"] = JsonSerializer.SerializeToElement(to);

        var problem = await TaskApi.ProblemAsync(await Api.SendAsync(body), status, code);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Empty(await Api.MessagesAsync(to));
    }

    [Fact]
    public async Task Unknown_senders_and_recipients_are_404()
    {
        var known = AgentApi.NewName("known");
        await Api.RegisterOkAsync(known);
        var ghost = AgentApi.NewName("ghost");

        await TaskApi.ProblemAsync(await Api.SendAsync(new { from = ghost, type = "direct", to_agent = known, payload = new { } }), HttpStatusCode.NotFound, "unknown_sender");
        var problem = await TaskApi.ProblemAsync(await Api.SendAsync(new { from = known, type = "direct", to_agent = ghost, payload = new { } }), HttpStatusCode.NotFound, "unknown_recipient");
        Assert.Contains(ghost, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await TaskApi.ProblemAsync(await Api.SendAsync(new { type = "direct", to_agent = known, payload = new { } }), HttpStatusCode.BadRequest);
        Assert.Empty(await Api.MessagesAsync(known));
    }

    [Fact]
    public async Task Custom_types_are_registered_once_and_then_validated()
    {
        var type = "deploy_ready_" + Guid.NewGuid().ToString("N")[..8];
        var (a, b) = (AgentApi.NewName("cu"), AgentApi.NewName("cu"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);
        await TaskApi.ProblemAsync(await Api.SendAsync(new { from = a, type, to_agent = b, payload = new { } }), HttpStatusCode.UnprocessableEntity, "unknown_type");

        var registered = await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = type, required_fields = new[] { "environment:string", "build" } });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = type, required_fields = new[] { "environment:string", "build" } })).StatusCode);
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = type, required_fields = new[] { "other" } }), HttpStatusCode.UnprocessableEntity);
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = "direct", required_fields = new[] { "x" } }), HttpStatusCode.UnprocessableEntity);
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = "Bad Name" }), HttpStatusCode.UnprocessableEntity);
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync("/v1/message-types", new { name = type + "x", required_fields = new[] { "f:date" } }), HttpStatusCode.UnprocessableEntity);

        var missing = await TaskApi.ProblemAsync(await Api.SendAsync(new { from = a, type, to_agent = b, payload = new { environment = "prod" } }), HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("payload.build", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Api.SendOkAsync(new { from = a, type, to_agent = b, payload = new { environment = "prod", build = 17 } });
        Assert.Equal(type, Assert.Single(await Api.MessagesAsync(b)).GetProperty("type").GetString());

        var types = await Json.ReadAsync(await Api.Client.GetAsync("/v1/message-types"));
        var names = types.GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains(type, names);
        Assert.Contains("vote_request", names);
    }

    [Fact]
    public async Task A_broadcast_reaches_every_current_agent_of_the_role_and_no_offline_one()
    {
        var role = AgentApi.NewName("team");
        var members = Enumerable.Range(0, 4).Select(i => $"{role}-{i}").ToArray();
        foreach (var member in members)
        {
            await Api.RegisterOkAsync(member, role: role);
        }

        await Api.Client.PutAsJsonAsync($"/v1/agents/{members[3]}/status", new { status = "offline" });
        var sender = AgentApi.NewName("announcer");
        await Api.RegisterOkAsync(sender, role: "orchestrator");
        await WaitUntilAsync(async () => (await Api.ListAsync($"role={role}&status=offline")).Count == 1, "the offline member listed");

        var sent = await Api.SendOkAsync(new { from = sender, type = "broadcast", to_role = role, payload = new { note = "standup" } });
        Assert.Equal("broadcast", sent.GetProperty("route").GetString());
        Assert.Equal(3, sent.GetProperty("recipients").GetInt32());
        foreach (var member in members[..3])
        {
            Assert.Equal("standup", Assert.Single(await Api.MessagesAsync(member)).GetProperty("payload").GetProperty("note").GetString());
        }

        Assert.Empty(await Api.MessagesAsync(members[3]));
        var history = await fixture.Tasks.TopicAsync("broadcast");
        Assert.Contains(history, m => m.GetProperty("id").GetString() == sent.GetProperty("message").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Topic_subscribers_receive_what_is_published_while_subscribed()
    {
        var topic = AgentApi.NewName("topic");
        var (publisher, reader) = (AgentApi.NewName("pub"), AgentApi.NewName("sub"));
        await Api.RegisterOkAsync(publisher);
        await Api.RegisterOkAsync(reader, subscriptions: [topic]);

        var first = await Api.SendOkAsync(new { from = publisher, type = "broadcast", topic, payload = new { n = 1 } });
        Assert.Equal("topic", first.GetProperty("route").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("recipients").ValueKind);
        var received = Assert.Single(await Api.WaitForMessagesAsync(reader, 1));
        Assert.Equal(topic, received.GetProperty("topic").GetString());
        Assert.Equal(1, received.GetProperty("payload").GetProperty("n").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await Api.Client.DeleteAsync($"/v1/agents/{reader}/subscriptions/{topic}")).StatusCode);
        await Api.SendOkAsync(new { from = publisher, type = "broadcast", topic, payload = new { n = 2 } });
        await Api.SendOkAsync(new { from = publisher, type = "direct", to_agent = reader, payload = new { marker = true } });
        var after = await Api.WaitForMessagesAsync(reader, 2);
        Assert.DoesNotContain(after, m => m.GetProperty("payload").TryGetProperty("n", out var n) && n.GetInt32() == 2);

        var again = await Json.ReadAsync(await Api.Client.PostAsJsonAsync($"/v1/agents/{reader}/subscriptions", new { topic }));
        Assert.Contains(topic, TaskApi.Strings(again.GetProperty("subscriptions")));
        await TaskApi.ProblemAsync(await Api.Client.PostAsJsonAsync($"/v1/agents/{reader}/subscriptions", new { topic = "bad topic" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Orchestrators_hear_a_task_that_ran_out_of_attempts_in_their_inbox()
    {
        var orchestrator = AgentApi.NewName("orch");
        var registered = await Api.RegisterOkAsync(orchestrator, role: "orchestrator");
        Assert.Contains("orchestrators", TaskApi.Strings(registered.GetProperty("subscriptions")));

        var id = TaskApi.NewPrefix("doomed");
        await fixture.Tasks.CreateAsync(new { id, title = "doomed", max_attempts = 1 });
        var worker = AgentApi.NewName("w");
        var epoch = await fixture.Tasks.ClaimOkAsync(id, worker);
        await fixture.Tasks.HolderOkAsync(id, "fail", worker, epoch, error: "broken");

        await WaitUntilAsync(
            async () => (await Api.MessagesAsync(orchestrator)).Any(m =>
                m.GetProperty("type").GetString() == "request_help" && m.GetProperty("payload").GetProperty("task_id").GetString() == id),
            "request_help in the orchestrator's inbox");
    }

    [Fact]
    public async Task Capability_routing_picks_the_least_loaded_or_takes_turns()
    {
        var capability = AgentApi.NewName("cap");
        var workers = Enumerable.Range(0, 3).Select(i => $"{capability}-w{i}").ToArray();
        foreach (var worker in workers)
        {
            await Api.RegisterOkAsync(worker, capabilities: [capability]);
        }

        var sender = AgentApi.NewName("router");
        await Api.RegisterOkAsync(sender);
        await WaitUntilAsync(async () => (await Api.ListAsync($"capability={capability}")).Count == 3, "workers listed");

        // Two of the three are busy with a task: least-loaded picks the third.
        foreach (var busy in workers[..2])
        {
            var task = TaskApi.NewPrefix("load");
            await fixture.Tasks.CreateAsync(new { id = task, title = "load" });
            await fixture.Tasks.ClaimOkAsync(task, busy);
        }

        await WaitUntilAsync(async () => (await Api.ListAsync($"capability={capability}")).Count(a => a.GetProperty("held_tasks").GetInt32() == 1) == 2, "loads listed");
        var least = await Api.SendOkAsync(new { from = sender, type = "direct", to_capability = capability, payload = new { job = 1 } });
        Assert.Equal("capability", least.GetProperty("route").GetString());
        Assert.Equal(workers[2], least.GetProperty("message").GetProperty("to_agent").GetString());

        // Workers at capacity are not picked at all; round robin turns over the ones with room.
        var rr = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Api.SendOkAsync(new { from = sender, type = "direct", to_capability = capability, routing = "round_robin", payload = new { job = 2 } })));
        Assert.All(rr, r => Assert.Equal(workers[2], r.GetProperty("message").GetProperty("to_agent").GetString()));

        var none = AgentApi.NewName("nobody-has-this");
        await TaskApi.ProblemAsync(await Api.SendAsync(new { from = sender, type = "direct", to_capability = none, payload = new { } }), HttpStatusCode.Conflict, "no_agent_available");
    }

    [Fact]
    public async Task Round_robin_gives_each_capable_agent_a_turn()
    {
        var capability = AgentApi.NewName("rr");
        var workers = Enumerable.Range(0, 3).Select(i => $"{capability}-w{i}").ToArray();
        foreach (var worker in workers)
        {
            await Api.RegisterOkAsync(worker, capabilities: [capability]);
        }

        var sender = AgentApi.NewName("rr-sender");
        await Api.RegisterOkAsync(sender);
        await WaitUntilAsync(async () => (await Api.ListAsync($"capability={capability}")).Count == 3, "workers listed");

        var targets = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var sent = await Api.SendOkAsync(new { from = sender, type = "direct", to_capability = capability, routing = "round_robin", payload = new { i } });
            targets.Add(sent.GetProperty("message").GetProperty("to_agent").GetString()!);
        }

        Assert.All(workers, w => Assert.Equal(2, targets.Count(t => t == w)));
        Assert.Equal(targets[..3], targets[3..]);
    }

    [Fact]
    public async Task A_heartbeat_message_counts_as_a_heartbeat_and_is_not_delivered()
    {
        var agent = AgentApi.NewName("hb");
        var before = await Api.RegisterOkAsync(agent);
        await Task.Delay(20);
        var sent = await Api.SendOkAsync(new { from = agent, type = "heartbeat", payload = new { } });
        Assert.Equal("heartbeat", sent.GetProperty("route").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("message").ValueKind);
        Assert.Empty(await Api.MessagesAsync(agent));
        Assert.True(before.GetProperty("last_heartbeat").GetDateTimeOffset() <= (await Api.GetAsync(agent)).GetProperty("last_heartbeat").GetDateTimeOffset());
    }

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
