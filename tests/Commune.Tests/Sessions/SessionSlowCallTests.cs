using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Sessions;

/// <summary>
/// A session's model call may outlast Orleans' default response timeout (the chain may wait minutes, as IModelCallGrain allows): the
/// caller must get the answer, not a 500 while the grain goes on to record the turn anyway. The silo's default timeout is lowered to
/// 2 s here so a 4 s provider shows it.
/// </summary>
public sealed class SessionSlowCallTests(SessionSlowCallTests.Fixture fixture) : IClassFixture<SessionSlowCallTests.Fixture>
{
    private static readonly TimeSpan ProviderDelay = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_create_whose_call_outlasts_the_default_response_timeout_answers_instead_of_failing()
    {
        var id = $"slow-create-{Guid.NewGuid():N}";
        fixture.Fake.Script("slow-a", FakeReply.Delay(ProviderDelay, FakeReply.Ok("slow but sure")));

        using var created = await fixture.Client.PostAsJsonAsync("/v1/sessions", new { id, kind = "research", profile = "slow", prompt = "Take your time." });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("slow but sure", (await Json.ReadAsync(created)).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_message_whose_call_outlasts_the_default_response_timeout_answers_instead_of_failing()
    {
        var id = $"slow-send-{Guid.NewGuid():N}";
        using var created = await fixture.Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "slow" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        fixture.Fake.Script("slow-a", FakeReply.Delay(ProviderDelay, FakeReply.Ok("eventually")));

        using var sent = await fixture.Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Take your time." });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("eventually", (await Json.ReadAsync(sent)).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_delete_queued_behind_a_slow_call_waits_for_it_and_deletes_instead_of_failing()
    {
        var id = $"slow-delete-{Guid.NewGuid():N}";
        using var created = await fixture.Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "slow" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        fixture.Fake.Script("slow-a", FakeReply.Delay(ProviderDelay, FakeReply.Ok("answered before the delete")));

        var sending = fixture.Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Take your time." });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var deleted = await fixture.Client.DeleteAsync($"/v1/sessions/{id}");
        using var sent = await sending;

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var read = await fixture.Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    /// <summary>An embedded gateway whose profile <c>slow</c> answers through the fake provider, with a 2 s default response timeout.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public FakeProviderServer Fake { get; private set; } = null!;

        public GatewayHost Gateway { get; private set; } = null!;

        public HttpClient Client => Gateway.Client;

        public async ValueTask InitializeAsync()
        {
            Fake = await FakeProviderServer.StartAsync();
            Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
            {
                ["Orleans:Messaging:ResponseTimeout"] = "00:00:02",
                ["Providers:oa1:Kind"] = "openai",
                ["Providers:oa1:BaseUrl"] = Fake.OpenAiBaseUrl.ToString(),
                ["Providers:oa1:ApiKey"] = "test-openai-key",
                ["Agents:slow:model"] = "oa1/slow-a",
                ["Agents:slow:timeout"] = "20",
            });
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Fake.DisposeAsync();
        }
    }
}
