using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Durability;

/// <summary>An inbox write that fails keeps nothing; a message id makes a send safe to retry whether or not it was stored.</summary>
public sealed class InboxStorageFaultTests(StorageFaultFixture fixture) : IClassFixture<StorageFaultFixture>
{
    private AgentApi Api => fixture.Agents;

    [Fact]
    public async Task A_message_whose_inbox_write_fails_is_not_kept_and_its_retry_by_id_delivers_it_once()
    {
        var receiver = (await Api.RegisterOkAsync(AgentApi.NewName("receiver"))).GetProperty("id").GetString()!;
        var sender = (await Api.RegisterOkAsync(AgentApi.NewName("sender"))).GetProperty("id").GetString()!;
        await Api.SendOkAsync(new { id = "m1-" + receiver, from = sender, type = "direct", payload = new { n = 1 }, to_agent = receiver });

        fixture.Faults.Fail(receiver, "inbox", "write");
        using (var refused = await Api.SendAsync(new { id = "m2-" + receiver, from = sender, type = "direct", payload = new { n = 2 }, to_agent = receiver }))
        {
            await TaskApi.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        Assert.Equal(["m1-" + receiver], Ids(await Api.MessagesAsync(receiver)));

        fixture.Faults.Heal(receiver, "inbox");
        await Api.SendOkAsync(new { id = "m2-" + receiver, from = sender, type = "direct", payload = new { n = 2 }, to_agent = receiver });
        Assert.Equal(["m1-" + receiver, "m2-" + receiver], Ids(await Api.MessagesAsync(receiver)));
    }

    [Fact]
    public async Task A_message_stored_although_its_sender_heard_503_is_not_delivered_twice_by_the_retry()
    {
        var receiver = (await Api.RegisterOkAsync(AgentApi.NewName("receiver"))).GetProperty("id").GetString()!;
        var sender = (await Api.RegisterOkAsync(AgentApi.NewName("sender"))).GetProperty("id").GetString()!;
        var message = new { id = "m-" + receiver, from = sender, type = "direct", payload = new { n = 1 }, to_agent = receiver };

        fixture.Faults.Fail(receiver, "inbox", "write", StorageFault.AfterWrite);
        using (var lost = await Api.SendAsync(message))
        {
            await TaskApi.ProblemAsync(lost, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        fixture.Faults.Heal(receiver, "inbox");
        await Api.SendOkAsync(message);
        var inbox = await Api.MessagesAsync(receiver);
        Assert.Equal(["m-" + receiver], Ids(inbox));
        Assert.Equal(1, inbox[0].GetProperty("sequence").GetInt64());
    }

    private static string[] Ids(IReadOnlyList<System.Text.Json.JsonElement> messages) =>
        [.. messages.Select(m => m.GetProperty("id").GetString()!)];
}
