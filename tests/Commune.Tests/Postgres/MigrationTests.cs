using Commune.Hosting.Database;
using Commune.Tests.Infrastructure;
using Npgsql;

namespace Commune.Tests.Postgres;

/// <summary>`Commune.Silo migrate` and the silo's refusal to run on a database it has not prepared, through the real executable.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Migrate_creates_the_schema_and_running_it_again_changes_nothing()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_twice");

        var first = await Silo(database, "migrate");
        var queriesAfterFirst = await Scalar<long>(database, "SELECT count(*) FROM OrleansQuery");
        var historyAfterFirst = await Scalar<DateTime>(database, "SELECT max(applied_at) FROM commune_schema_migrations");
        var second = await Silo(database, "migrate");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"migrated: {SchemaScript.All.Count} of {SchemaScript.All.Count} scripts applied", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("already up to date", second.Output, StringComparison.Ordinal);
        Assert.True(queriesAfterFirst > 20, $"expected the providers' queries, found {queriesAfterFirst}");
        Assert.Equal(queriesAfterFirst, await Scalar<long>(database, "SELECT count(*) FROM OrleansQuery"));
        Assert.Equal(historyAfterFirst, await Scalar<DateTime>(database, "SELECT max(applied_at) FROM commune_schema_migrations"));
        Assert.Equal(SchemaScript.All.Count, await Scalar<long>(database, "SELECT count(*) FROM commune_schema_migrations"));
    }

    [Fact]
    public async Task Two_migrations_started_together_both_succeed()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_concurrent");

        var results = await Task.WhenAll(Silo(database, "migrate"), Silo(database, "migrate"));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Equal(SchemaScript.All.Count, await Scalar<long>(database, "SELECT count(*) FROM commune_schema_migrations"));
    }

    [Fact]
    public async Task Every_provider_query_the_scripts_promise_is_present()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_keys");
        Assert.Equal(0, (await Silo(database, "migrate")).ExitCode);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        string[] required =
        [
            // Membership, including the defunct-silo cleanup.
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey",
            // Grain storage.
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
            // Reminders.
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.Equal([], required.Except(keys));
    }

    [Fact]
    public async Task A_silo_refuses_an_unmigrated_database_and_says_to_run_migrate()
    {
        var database = await postgres.CreateDatabaseAsync("unmigrated");

        var result = await Silo(database);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("has no Commune schema", result.Output, StringComparison.Ordinal);
        Assert.Contains(SchemaNotReadyException.MigrateCommand, result.Output, StringComparison.Ordinal);
        Assert.Equal(0L, await Scalar<long>(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task A_silo_refuses_a_database_missing_a_script_and_names_it()
    {
        var database = await postgres.CreateDatabaseAsync("partly_migrated");
        Assert.Equal(0, (await Silo(database, "migrate")).ExitCode);
        var last = SchemaScript.All[^1];
        await Scalar<int>(database, $"DELETE FROM commune_schema_migrations WHERE version = {last.Version} RETURNING version");

        var result = await Silo(database);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"not applied: {last.Name}", result.Output, StringComparison.Ordinal);
        Assert.Contains(SchemaNotReadyException.MigrateCommand, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_advertised_address_does_not_resolve_exits_naming_the_setting()
    {
        var database = await postgres.CreateDatabaseAsync("bad_address");
        Assert.Equal(0, (await Silo(database, "migrate")).ExitCode);

        var result = await SiloCommand.RunAsync(database, new Dictionary<string, string?> { ["Orleans__AdvertisedAddress"] = "no-such-host.invalid" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Orleans:AdvertisedAddress 'no-such-host.invalid' does not resolve", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_against_an_unreachable_server_fails_with_where_it_tried()
    {
        var port = FreePort.Next();

        var result = await Silo($"Host=127.0.0.1;Port={port};Username=postgres;Database=nowhere;Timeout=3", "migrate");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"Cannot connect to PostgreSQL at 127.0.0.1:{port}/nowhere", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_a_connection_string_explains_what_it_needs()
    {
        var result = await Silo(connectionString: null);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs ConnectionStrings:Commune", result.Output, StringComparison.Ordinal);
    }

    private static Task<ProcessRunner.Completed> Silo(string? connectionString, params string[] arguments) =>
        SiloCommand.RunAsync(connectionString, arguments);

    private static Task<T> Scalar<T>(string connectionString, string sql) => PostgresQueries.ScalarAsync<T>(connectionString, sql);
}
