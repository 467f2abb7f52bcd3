using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Agents;

/// <summary>Agents' status changes and messages land in the audit trail, and an agent can be rebuilt as of any of its events.</summary>
[Collection(AgentGatewayCollection.Name)]
public sealed class AgentEventTests(AgentGatewayFixture fixture)
{
    private AgentApi Api => fixture.Agents;

    private EventApi Events => new(fixture.Gateway.Client);

    [Fact]
    public async Task Registration_status_changes_and_messages_are_recorded_and_replayable()
    {
        var (a, b) = (AgentApi.NewName("audited"), AgentApi.NewName("peer"));
        await Api.RegisterOkAsync(a, capabilities: ["x"]);
        await Api.RegisterOkAsync(b);
        await Api.Client.PutAsJsonAsync($"/v1/agents/{a}/status", new { status = "working", task = "drafting" });
        var sent = await Api.SendOkAsync(new { from = a, type = "direct", to_agent = b, payload = new { hello = true } });
        var messageId = sent.GetProperty("message").GetProperty("id").GetString()!;
        await Api.AckAsync(b, messageId);
        await Api.Client.PostAsJsonAsync($"/v1/agents/{a}/end", new { reason = "handing off" });

        var events = await Events.WaitForKindsAsync($"agent={a}", "agent.registered", "agent.status", "message.sent", "agent.ended");
        var sentEvent = events.Single(e => e.GetProperty("kind").GetString() == "message.sent");
        Assert.Equal(messageId, sentEvent.GetProperty("message_id").GetString());
        Assert.Equal(sent.GetProperty("message").GetProperty("trace_id").GetString(), sentEvent.GetProperty("trace_id").GetString());
        Assert.Equal(b, sentEvent.GetProperty("data").GetProperty("to_agent").GetString());
        await Events.WaitForKindsAsync($"agent={b}", "agent.registered", "message.acked");

        // As of the status change the agent was working on its draft; as of the latest it has ended.
        var statusEvent = events.First(e => e.GetProperty("kind").GetString() == "agent.status");
        var (code, then) = await Events.StateAsync($"agent={a}&as_of={statusEvent.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("working", then.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal("drafting", then.GetProperty("state").GetProperty("current_task").GetString());
        var (_, now) = await Events.StateAsync($"agent={a}");
        Assert.Equal("offline", now.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal((await Api.GetAsync(a)).GetProperty("version").GetInt64(), now.GetProperty("state").GetProperty("version").GetInt64());
    }
}
