using System.Net;
using System.Net.Http.Json;
using Commune.Sessions;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// Session expiry on PostgreSQL: the session's row, its ledger's row and its reminder row exist while it lives; the silo that created
/// it stops before the deadline, and a new silo's reminder service finds the reminder in the table and deletes all three.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionExpiryPostgresTests(PostgresServer postgres)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Sessions__MinTtl"] = "00:00:01",
        ["Reminders__MinimumReminderPeriod"] = "00:00:01",
    };

    [Fact]
    public async Task An_expired_session_is_deleted_from_postgres_by_a_silo_that_did_not_create_it()
    {
        var database = await postgres.CreateDatabaseAsync("sessions");
        await SiloCommand.MigrateAsync(database);
        var id = $"pg-{Guid.NewGuid():N}";
        var ledger = SessionRules.Ledger(id);

        var first = await SiloProcess.StartAsync(database, Settings);
        await using (var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database }))
        {
            using var created = await gateway.Client.PostAsJsonAsync("/v1/sessions",
                new { id, kind = "research", profile = "research", prompt = "Durable?", ttl_seconds = 5 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var session = await Json.ReadAsync(created);
            Assert.Equal("completed", session.GetProperty("status").GetString());
        }

        Assert.Equal(1L, await RowsAsync(database, id));
        Assert.Equal(1L, await RowsAsync(database, ledger));
        Assert.Equal(1L, await ReminderRowsAsync(database, id));
        var stored = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT convert_from(PayloadBinary, 'UTF8')::jsonb ->> 'Status' FROM OrleansStorage WHERE GrainIdExtensionString = @key", ("key", id));
        Assert.Equal("completed", stored);

        // The creating silo goes away before the deadline; a new one takes over the reminder from the table.
        Assert.Equal(0, await first.StopAsync());
        await first.DisposeAsync();
        await using var second = await SiloProcess.StartAsync(database, Settings);

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        (long Session, long Ledger, long Reminder) left = (-1, -1, -1);
        while (DateTime.UtcNow < until)
        {
            left = (await RowsAsync(database, id), await RowsAsync(database, ledger), await ReminderRowsAsync(database, id));
            if (left == (0, 0, 0))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(left == (0, 0, 0), $"rows left (session, ledger, reminder): {left}\n{second.Output}");
        await using var client = await ClusterClientHost.StartAsync(database);
        Assert.Null(await client.Client.GetGrain<ISessionGrain>(id).GetAsync());
        Assert.Equal(0L, await RowsAsync(database, id));
    }

    private static Task<long> RowsAsync(string database, string key) => PostgresQueries.ScalarAsync<long>(database,
        "SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = @key", ("key", key));

    private static Task<long> ReminderRowsAsync(string database, string id) => PostgresQueries.ScalarAsync<long>(database,
        "SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE @pattern", ("pattern", "%/" + id));
}
