using System.Net;
using System.Net.Http.Json;
using Commune.Sessions;
using Commune.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Sessions;

/// <summary>
/// Expiry on the embedded silo (memory storage, in-memory reminders) with second-long ttls: an idle session is deleted from storage with
/// its ledger and reminder by the reminder, also when its activation is gone; activity moves the deadline; repeated ticks are harmless.
/// </summary>
[Collection(SessionCollection.Name)]
public sealed class SessionExpiryTests(SessionGatewayFixture fixture)
{
    /// <summary>A deadline plus the one-second reminder period, with room for a loaded machine.</summary>
    private static readonly TimeSpan DeletionTimeout = TimeSpan.FromSeconds(20);

    private HttpClient Client => fixture.Client;

    private SessionStorage Storage => new(fixture.Gateway.Services);

    private IGrainFactory Grains => fixture.Gateway.Services.GetRequiredService<IGrainFactory>();

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task An_idle_session_expires_after_its_ttl_and_is_deleted_from_storage_with_its_ledger_and_reminder()
    {
        var id = NewId("expire");
        var session = await CreateAsync(new { id, kind = "research", profile = "research", prompt = "Briefly.", ttl_seconds = 2 });
        Assert.Equal("completed", session.GetProperty("status").GetString());
        Assert.True(await Storage.SessionRecordExistsAsync(id));
        Assert.True(await Storage.LedgerRecordExistsAsync(id));
        Assert.Equal(1, await Storage.RemindersAsync(id));

        await WaitPastAsync(session.GetProperty("expires_at").GetDateTimeOffset());
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);

        Assert.True(await Storage.WaitUntilDeletedAsync(id, DeletionTimeout), "the reminder did not delete the session, its ledger and itself");

        // A re-activated grain finds nothing either.
        Assert.Null(await Grains.GetGrain<ISessionGrain>(id).GetAsync());
        using var send = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "still there?" });
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
    }

    [Fact]
    public async Task Messages_push_the_deadline_so_an_active_session_outlives_its_first_deadline()
    {
        var id = NewId("busy");
        var created = await CreateAsync(new { id, profile = "mundane", ttl_seconds = 3 });
        var firstDeadline = created.GetProperty("expires_at").GetDateTimeOffset();

        // Two messages, each well before the deadline the previous one set.
        DateTimeOffset deadline = firstDeadline;
        foreach (var content in new[] { "one", "two" })
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            using var sent = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            deadline = (await Json.ReadAsync(sent)).GetProperty("expires_at").GetDateTimeOffset();
        }

        Assert.True(deadline > firstDeadline.AddSeconds(2), $"deadline {deadline:O} did not move past {firstDeadline:O}");

        // Past the first deadline (and its reminder tick), the session is still there, all of it.
        await WaitPastAsync(firstDeadline.AddSeconds(1.2));
        var stillBefore = DateTimeOffset.UtcNow < deadline;
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        if (stillBefore)
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(4, (await Json.ReadAsync(read)).GetProperty("turns").GetArrayLength());
            Assert.True(await Storage.SessionRecordExistsAsync(id));
        }

        // Then idle: it goes.
        await WaitPastAsync(deadline);
        Assert.True(await Storage.WaitUntilDeletedAsync(id, DeletionTimeout));
        Assert.True(stillBefore, "the machine was too slow to observe the session between its first and its pushed deadline");
    }

    [Fact]
    public async Task A_session_whose_activation_was_collected_is_still_deleted_by_its_reminder()
    {
        var id = NewId("collected");
        var session = await CreateAsync(new { id, kind = "summarisation", profile = "mundane", prompt = "Summarise nothing.", ttl_seconds = 3 });
        var management = Grains.GetGrain<IManagementGrain>(0);

        // Drop every idle activation: nothing in memory is left to notice the deadline; only the reminder can.
        await management.ForceActivationCollection(TimeSpan.Zero);
        var grainId = Grains.GetGrain<ISessionGrain>(id).GetGrainId();
        var active = await management.GetActiveGrains(grainId.Type);
        Assert.DoesNotContain(grainId, active);

        await WaitPastAsync(session.GetProperty("expires_at").GetDateTimeOffset());
        Assert.True(await Storage.WaitUntilDeletedAsync(id, DeletionTimeout), "the reminder did not delete the collected session");
    }

    [Fact]
    public async Task Reminder_ticks_are_idempotent_before_at_and_after_expiry()
    {
        var id = NewId("ticks");
        var session = await CreateAsync(new { id, kind = "research", profile = "research", prompt = "Tick.", ttl_seconds = 2 });
        var grain = Grains.GetGrain<ISessionGrain>(id);
        var remindable = Grains.GetGrain<IRemindable>(grain.GetGrainId());
        var tick = new TickStatus(DateTime.UtcNow, TimeSpan.FromSeconds(1), DateTime.UtcNow);

        // Before the deadline, ticks (and other reminder names) change nothing.
        await remindable.ReceiveReminder("session-expiry", tick);
        await remindable.ReceiveReminder("something-else", tick);
        Assert.NotNull(await grain.GetAsync());
        Assert.True(await Storage.SessionRecordExistsAsync(id));

        // After it, the first tick deletes and later ones find nothing to do, without error.
        await WaitPastAsync(session.GetProperty("expires_at").GetDateTimeOffset());
        await remindable.ReceiveReminder("session-expiry", tick);
        Assert.False(await Storage.SessionRecordExistsAsync(id));
        await remindable.ReceiveReminder("session-expiry", tick);
        await remindable.ReceiveReminder("session-expiry", tick);
        Assert.True(await Storage.WaitUntilDeletedAsync(id, DeletionTimeout));
        Assert.Null(await grain.GetAsync());
    }

    private async Task<System.Text.Json.JsonElement> CreateAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/v1/sessions", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json;
    }

    private static async Task WaitPastAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
