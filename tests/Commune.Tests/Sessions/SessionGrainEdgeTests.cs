using System.Net;
using System.Net.Http.Json;
using Commune.Sessions;
using Commune.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Sessions;

/// <summary>Edges of session creation: racing creates with one id, a grain caller without messages, an over-long prompt.</summary>
[Collection(SessionCollection.Name)]
public sealed class SessionGrainEdgeTests(SessionGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private IGrainFactory Grains => fixture.Gateway.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Concurrent_creates_with_one_id_make_one_session_and_one_conflict()
    {
        var id = $"race-{Guid.NewGuid():N}";
        var attempts = Enumerable.Range(0, 4)
            .Select(i => Client.PostAsJsonAsync("/v1/sessions", new { id, kind = "research", profile = "research", prompt = $"Question {i}" }))
            .ToArray();
        var responses = await Task.WhenAll(attempts);
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            using var read = await Client.GetAsync($"/v1/sessions/{id}");
            var session = await Json.ReadAsync(read);
            Assert.Equal(2, session.GetProperty("turns").GetArrayLength());
            Assert.Equal(1, session.GetProperty("calls").GetInt64());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_grain_caller_passing_no_messages_gets_an_empty_session_not_an_exception()
    {
        var id = $"nomessages-{Guid.NewGuid():N}";
        var reply = await Grains.GetGrain<ISessionGrain>(id).CreateAsync(new SessionSpec(SessionKinds.Free, "mundane", null!));

        Assert.Null(reply.Error);
        Assert.NotNull(reply.Session);
        Assert.Empty(reply.Session.Turns);
        Assert.Equal(SessionStatuses.Active, reply.Session.Status);
    }

    [Fact]
    public async Task A_prompt_longer_than_max_turn_chars_is_422_and_creates_nothing()
    {
        var id = $"huge-{Guid.NewGuid():N}";
        using var created = await Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "mundane", prompt = new string('x', 100_001) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
        Assert.Equal("invalid_session", (await Json.ReadAsync(created)).GetProperty("code").GetString());
        var storage = new SessionStorage(fixture.Gateway.Services);
        Assert.False(await storage.SessionRecordExistsAsync(id));
        Assert.Equal(0, await storage.RemindersAsync(id));
    }
}
