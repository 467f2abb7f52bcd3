using Npgsql;

namespace Commune.Hosting.Database;

/// <summary>Checks that a database carries this build's schema before a silo or a gateway uses it.</summary>
public static class SchemaStatus
{
    /// <summary>
    /// Throws <see cref="SchemaNotReadyException"/> when a script of this build is missing or changed since it was applied,
    /// and <see cref="DatabaseUnavailableException"/> when PostgreSQL cannot be reached.
    /// </summary>
    public static async Task EnsureReadyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        var where = CommuneDeployment.Describe(connectionString);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{SchemaMigrator.HistoryTable}') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                throw new SchemaNotReadyException(
                    $"The PostgreSQL database {where} has no Commune schema. Run {SchemaNotReadyException.MigrateHint} " +
                    "with the same ConnectionStrings:Commune before starting silos or gateways.");
            }
        }

        var applied = await ReadHistoryAsync(connection, cancellationToken);
        var missing = SchemaScript.All.Where(s => !applied.ContainsKey(s.Version)).Select(s => s.Name).ToList();
        var changed = SchemaScript.All.Where(s => applied.TryGetValue(s.Version, out var c) && c != s.Checksum).Select(s => s.Name).ToList();
        if (missing.Count > 0 || changed.Count > 0)
        {
            var detail = string.Join("; ", new[]
            {
                missing.Count > 0 ? $"not applied: {string.Join(", ", missing)}" : null,
                changed.Count > 0 ? $"changed since applied: {string.Join(", ", changed)}" : null,
            }.Where(d => d is not null));
            throw new SchemaNotReadyException(
                $"The PostgreSQL database {where} is not migrated to this version of Commune ({detail}). " +
                $"Run {SchemaNotReadyException.MigrateHint} with the same ConnectionStrings:Commune, then start again.");
        }
    }

    internal static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new DatabaseUnavailableException(
                $"Cannot connect to PostgreSQL at {CommuneDeployment.Describe(connectionString)}: {ex.Message}", ex);
        }
    }

    internal static async Task<Dictionary<int, string>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand($"SELECT version, checksum FROM {SchemaMigrator.HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }
}
