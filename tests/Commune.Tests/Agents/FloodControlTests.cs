using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Agents;

/// <summary>Seed 002's anti-patterns: message flooding (rate limit), agents pinging each other forever (hop limit), full inboxes.</summary>
[Collection(AgentGatewayCollection.Name)]
public sealed class FloodControlTests(AgentGatewayFixture fixture)
{
    private AgentApi Api => fixture.Agents;

    [Fact]
    public async Task Sending_past_the_burst_is_429_with_retry_after_and_delivers_nothing_more()
    {
        var (a, b) = (AgentApi.NewName("flood"), AgentApi.NewName("sink"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);

        HttpResponseMessage? refused = null;
        var accepted = 0;
        for (var i = 0; i < AgentGatewayFixture.Burst + 5 && refused is null; i++)
        {
            var response = await Api.SendAsync(new { from = a, type = "broadcast", topic = "flood-" + a, payload = new { i } });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                accepted++;
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.InRange(accepted, AgentGatewayFixture.Burst, AgentGatewayFixture.Burst + 2);
        var problem = await TaskApi.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains(a, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        Assert.Equal(accepted, (await fixture.Tasks.TopicAsync("flood-" + a)).Count);

        // Another agent is not held back by this one's rate.
        await Api.SendOkAsync(new { from = b, type = "direct", to_agent = a, payload = new { } });
    }

    [Fact]
    public async Task Two_agents_replying_to_each_other_stop_at_the_hop_limit()
    {
        var (a, b) = (AgentApi.NewName("ping"), AgentApi.NewName("pong"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);

        var sent = await Api.SendOkAsync(new { from = a, type = "direct", to_agent = b, payload = new { n = 0 } });
        var conversation = sent.GetProperty("message").GetProperty("conversation_id").GetString();
        var (from, to) = (b, a);
        for (var hop = 1; hop <= AgentGatewayFixture.MaxHops; hop++)
        {
            // No in_reply_to: answering the agent that just wrote continues its conversation anyway.
            var reply = await Api.SendOkAsync(new { from, type = "direct", to_agent = to, payload = new { n = hop } });
            Assert.Equal(hop, reply.GetProperty("message").GetProperty("hop").GetInt32());
            Assert.Equal(conversation, reply.GetProperty("message").GetProperty("conversation_id").GetString());
            (from, to) = (to, from);
        }

        var problem = await TaskApi.ProblemAsync(
            await Api.SendAsync(new { from, type = "direct", to_agent = to, payload = new { n = "again" } }), HttpStatusCode.UnprocessableEntity, "hop_limit");
        Assert.Contains(conversation!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Api.MessagesAsync(to), m => m.GetProperty("payload").GetProperty("n").ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task An_explicit_in_reply_to_continues_that_conversation()
    {
        var (a, b) = (AgentApi.NewName("ask"), AgentApi.NewName("answer"));
        await Api.RegisterOkAsync(a);
        await Api.RegisterOkAsync(b);
        var question = await Api.SendOkAsync(new { from = a, type = "direct", to_agent = b, payload = new { q = "?" } });
        var id = question.GetProperty("message").GetProperty("id").GetString();

        var answer = await Api.SendOkAsync(new { from = b, type = "direct", to_agent = a, in_reply_to = id, payload = new { a = "!" } });
        Assert.Equal(1, answer.GetProperty("message").GetProperty("hop").GetInt32());
        Assert.Equal(id, answer.GetProperty("message").GetProperty("in_reply_to").GetString());
        Assert.Equal(id, answer.GetProperty("message").GetProperty("conversation_id").GetString());
    }

    [Fact]
    public async Task A_full_inbox_refuses_with_429_until_the_agent_acknowledges()
    {
        var sink = AgentApi.NewName("full");
        await Api.RegisterOkAsync(sink);
        var senders = Enumerable.Range(0, 3).Select(i => AgentApi.NewName($"s{i}")).ToArray();
        foreach (var sender in senders)
        {
            await Api.RegisterOkAsync(sender);
        }

        // Capacity 20 in this fixture; three senders stay inside their own bursts.
        for (var i = 0; i < 20; i++)
        {
            await Api.SendOkAsync(new { from = senders[i % 3], type = "direct", to_agent = sink, payload = new { i } });
        }

        await TaskApi.ProblemAsync(await Api.SendAsync(new { from = senders[2], type = "direct", to_agent = sink, payload = new { i = 20 } }), HttpStatusCode.TooManyRequests, "inbox_full");
        var first = (await Api.MessagesAsync(sink))[0].GetProperty("id").GetString()!;
        await Api.AckAsync(sink, first);
        await Api.SendOkAsync(new { from = senders[2], type = "direct", to_agent = sink, payload = new { i = 21 } });
        Assert.Equal(20, (await Api.InboxAsync(sink)).GetProperty("pending").GetInt32());
    }
}
