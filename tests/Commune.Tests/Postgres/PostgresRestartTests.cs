using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// A real PostgreSQL outage in the middle of a task's life: the completion sent while the database is down answers 503 and is not
/// served as done; once the database is back, reads show what is stored, the dependent has stayed blocked, and the retried completion
/// goes through and releases it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task A_completion_during_an_outage_answers_503_and_after_the_restart_the_graph_is_exactly_as_stored()
    {
        await using var postgres = await PostgresServer.StartThrowawayAsync();
        var database = await postgres.CreateDatabaseAsync("restart");
        await SiloCommand.MigrateAsync(database);
        await using var silo = await SiloProcess.StartAsync(database);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database });
        var api = new TaskApi(gateway.Client);
        var prefix = TaskApi.NewPrefix("pg-restart");
        string a = prefix + "-a", b = prefix + "-b";
        await api.CreateBatchAsync(new { id = a, title = "A" }, new { id = b, title = "B", depends_on = new[] { a } });
        var epoch = await api.ClaimOkAsync(a, "worker-1");

        await postgres.StopAsync();
        using (var refused = await api.HolderAsync(a, "complete", "worker-1", epoch, new { answer = 42 }))
        {
            await TaskApi.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        // Whatever a read answers during the outage, it is never "completed".
        using (var during = await gateway.Client.GetAsync($"/v1/tasks/{a}"))
        {
            var body = await Json.ReadAsync(during);
            Assert.True(during.StatusCode == HttpStatusCode.ServiceUnavailable || body.GetProperty("status").GetString() == "claimed", $"{(int)during.StatusCode}: {body}");
        }

        await postgres.StartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // this process's own pooled connections died with the server
        var stored = await ReadWhenBackAsync(api, a);
        Assert.Equal("claimed", stored.GetProperty("status").GetString());
        Assert.Equal(epoch, stored.GetProperty("epoch").GetInt64());
        Assert.Equal("blocked", await api.StatusAsync(b));
        var row = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT concat_ws('|', j ->> 'Status', j ->> 'Epoch', coalesce(j ->> 'Result', 'none')) FROM " +
            "(SELECT convert_from(PayloadBinary, 'UTF8')::jsonb AS j FROM OrleansStorage WHERE GrainIdExtensionString = @key) s", ("key", a));
        Assert.Equal($"{(int)Commune.Tasks.WorkStatus.Claimed}|{epoch}|none", row);

        var completed = await api.HolderOkAsync(a, "complete", "worker-1", epoch, new { answer = 42 });
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        await api.WaitForAsync(b, t => t.GetProperty("status").GetString() == "pending", TimeSpan.FromSeconds(30), "the dependent to be released");
    }

    /// <summary>Retries the read until the cluster answers again (connections in the pools are re-established on demand).</summary>
    private static async Task<System.Text.Json.JsonElement> ReadWhenBackAsync(TaskApi api, string id)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "";
        while (DateTime.UtcNow < until)
        {
            using var response = await api.Client.GetAsync($"/v1/tasks/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await Json.ReadAsync(response);
            }

            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(250);
        }

        throw new TimeoutException($"'{id}' was not readable within 60 s of the restart; last: {last}");
    }
}
