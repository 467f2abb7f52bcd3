using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Events;

/// <summary>The audit trail of a PostgreSQL cluster: rows in <c>commune_events</c>, read and replayed through a clustered gateway.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventTests(PostgresServer postgres)
{
    [Fact]
    public async Task Task_events_land_in_commune_events_with_the_request_trace_and_are_read_and_replayed_through_a_clustered_gateway()
    {
        var database = await postgres.CreateDatabaseAsync("events");
        await SiloCommand.MigrateAsync(database);
        await using var silo = await SiloProcess.StartAsync(database);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database });
        var api = new TaskApi(gateway.Client);
        var events = new EventApi(gateway.Client);
        var trace = ActivityTraceId.CreateRandom().ToHexString();

        using (var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = gateway.Address })
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tasks") { Content = JsonContent.Create(new { id = "pg-a", title = "A" }) })
        {
            create.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await api.ClaimAndCompleteAsync("pg-a", "agent-1", new { ok = true });
        var recorded = await events.WaitForKindsAsync("task=pg-a", "task.created", "task.claimed", "task.completed");
        var byTrace = await events.AllAsync($"trace={trace}");
        var rows = await PostgresQueries.ScalarAsync<long>(database, "SELECT count(*) FROM commune_events WHERE task_id = 'pg-a'");
        var lastStatus = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT data ->> 'status' FROM commune_events WHERE task_id = 'pg-a' ORDER BY id DESC LIMIT 1");
        var storedTrace = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT trace_id FROM commune_events WHERE task_id = 'pg-a' AND kind = 'task.created'");
        var (claimedCode, claimed) = await events.StateAsync($"task=pg-a&as_of={recorded[1].GetProperty("id").GetInt64()}");
        var (latestCode, latest) = await events.StateAsync("task=pg-a");

        Assert.Equal(3, rows);
        Assert.Equal("completed", lastStatus);
        Assert.Equal(trace, storedTrace);
        Assert.Equal(["task.created"], EventApi.Kinds(byTrace));
        Assert.Equal("agent-1", recorded[2].GetProperty("agent_id").GetString());
        Assert.True(recorded[2].GetProperty("data").GetProperty("result").GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, claimedCode);
        Assert.Equal("claimed", claimed.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, latestCode);
        Assert.Equal("completed", latest.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(1, latest.GetProperty("state").GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task A_stopping_silo_writes_the_events_it_still_buffers()
    {
        var database = await postgres.CreateDatabaseAsync("events_stop");
        await SiloCommand.MigrateAsync(database);
        var silo = await SiloProcess.StartAsync(database, new Dictionary<string, string> { ["Events__FlushInterval"] = "00:00:50" });
        int exitCode;
        long before;
        await using (silo)
        {
            await using (var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database }))
            {
                var api = new TaskApi(gateway.Client);
                await api.CreateAsync(new { id = "buffered-a", title = "A" });
                await api.ClaimOkAsync("buffered-a", "agent-1");
            }

            // The flush interval is far off: both events are still in the silo's buffer.
            before = await PostgresQueries.ScalarAsync<long>(database, "SELECT count(*) FROM commune_events");
            exitCode = await silo.StopAsync();
        }

        var kinds = await PostgresQueries.ScalarAsync<string>(database, "SELECT string_agg(kind, ',' ORDER BY id) FROM commune_events WHERE task_id = 'buffered-a'");

        Assert.Equal(0, before);
        Assert.Equal(0, exitCode);
        Assert.Equal("task.created,task.claimed", kinds);
    }
}
