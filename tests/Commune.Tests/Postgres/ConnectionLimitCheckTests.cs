using System.Globalization;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// The start-up check of PostgreSQL's connection slots against the cluster's pools, with real silo processes. The pool size is chosen
/// from the server's own limit (whatever server the tests run on) so that one silo fits and a second one does not.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionLimitCheckTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_silo_that_would_overrun_max_connections_warns_at_start_up_with_the_numbers_and_the_fix_and_still_starts()
    {
        var database = await postgres.CreateDatabaseAsync("connlimit");
        await SiloCommand.MigrateAsync(database);
        var max = await Setting(database, "max_connections");
        var superuser = await Setting(database, "superuser_reserved_connections");
        var reserved = await PostgresQueries.ScalarAsync<int>(database,
            "SELECT coalesce((SELECT setting::int FROM pg_settings WHERE name = 'reserved_connections'), 0)");
        var available = max - superuser - reserved;
        var pool = (available / 2) + 1;
        var settings = new Dictionary<string, string> { ["Database__MaxPoolSize"] = pool.ToString(CultureInfo.InvariantCulture) };

        await using var first = await SiloProcess.StartAsync(database, settings);
        await using var second = await SiloProcess.StartAsync(database, settings);

        Assert.Contains($"PostgreSQL connections: 1 silos x pool size {pool} = {pool} of {available} available", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("client connections (max_connections", first.Output, StringComparison.Ordinal);
        var warning = second.Output;
        Assert.Contains($"allows {available} client connections (max_connections {max} - superuser_reserved_connections {superuser} - reserved_connections {reserved})", warning, StringComparison.Ordinal);
        Assert.Contains($"2 silos (1 active + this one) x pool size {pool} may open {2 * pool}", warning, StringComparison.Ordinal);
        Assert.Contains($"Raise max_connections to at least {(2 * pool) + superuser + reserved + 10}", warning, StringComparison.Ordinal);
        Assert.Contains($"lower Database:MaxPoolSize (or Maximum Pool Size in ConnectionStrings:Commune) to {available / 2} or less", warning, StringComparison.Ordinal);
        Assert.Equal(PostgresQueries.Active, await PostgresQueries.SiloStatusAsync(database, second.SiloPort));
    }

    private static Task<int> Setting(string database, string name) =>
        PostgresQueries.ScalarAsync<int>(database, "SELECT setting::int FROM pg_settings WHERE name = @name", ("name", name));
}
