using Microsoft.Extensions.Logging;
using Npgsql;

namespace Commune.Hosting.Database;

/// <summary>
/// Applies <c>infra/sql</c> to a PostgreSQL database. Each script runs once in its own transaction and is recorded in
/// <c>commune_schema_migrations</c>; a script whose text changed since it ran is applied again (every script is
/// written to be re-runnable). An advisory lock keeps two migrations from interleaving.
/// </summary>
public sealed class SchemaMigrator(string connectionString, ILogger logger)
{
    // Arbitrary constant shared by every Commune migrator: "commune" in ASCII.
    private const long AdvisoryLockKey = 0x636f6d6d756e65;

    internal const string HistoryTable = "commune_schema_migrations";

    private const string CreateHistory = $"""
        CREATE TABLE IF NOT EXISTS {HistoryTable} (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>Brings the database up to this build's schema; returns what it did for each script.</summary>
    public async Task<IReadOnlyList<MigrationStep>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await SchemaStatus.OpenAsync(connectionString, cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await Execute(connection, null, CreateHistory, cancellationToken);
            var applied = await SchemaStatus.ReadHistoryAsync(connection, cancellationToken);
            var steps = new List<MigrationStep>();
            foreach (var script in SchemaScript.All)
            {
                var outcome = applied.TryGetValue(script.Version, out var checksum)
                    ? checksum == script.Checksum ? MigrationOutcome.UpToDate : MigrationOutcome.Reapplied
                    : MigrationOutcome.Applied;
                if (outcome != MigrationOutcome.UpToDate)
                {
                    await ApplyAsync(connection, script, cancellationToken);
                }

                logger.LogInformation("Schema script {Script}: {Outcome}", script.Name, outcome);
                steps.Add(new MigrationStep(script.Name, outcome));
            }

            return steps;
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    // A failed unlock must not hide why the migration failed; closing the session releases the lock anyway.
    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning(ex, "Could not release the migration lock; it is released when the connection closes");
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await Execute(connection, transaction, script.Sql, cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException($"Schema script {script.Name}.sql failed: {ex.MessageText} (SQLSTATE {ex.SqlState}). Nothing from it was applied.", ex);
        }

        await using (var record = new NpgsqlCommand(
            $"""
            INSERT INTO {HistoryTable} (version, name, checksum) VALUES (@version, @name, @checksum)
            ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, applied_at = now()
            """, connection, transaction))
        {
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("name", script.Name);
            record.Parameters.AddWithValue("checksum", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
