using Commune.Hosting.Orleans;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Commune.Hosting.Database;

/// <summary>
/// At start-up, before the silo joins, compares what PostgreSQL allows with what the cluster may open — (active silos + this one) ×
/// pool size — and warns, naming the numbers and the fix, when it does not fit: the symptom otherwise is "remaining connection slots
/// are reserved" under load, long after start-up. Advice only: it never fails the start, and gives up after <see cref="Timeout"/>.
/// </summary>
public sealed partial class ConnectionLimitCheck(CommuneDeployment deployment, CommuneClusterOptions cluster, ILogger<ConnectionLimitCheck> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // Orleans' SiloStatus.Active as the ADO.NET membership table stores it.
    private const int ActiveStatus = 3;

    private const string SettingsQuery = """
        SELECT name, setting::int FROM pg_settings
         WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')
        """;

    private const string ActiveSilosQuery = "SELECT count(*)::int FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = @active";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ConnectionLimitCheck), ServiceLifecycleStage.RuntimeInitialize, RunAsync);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var poolSize = deployment.MaxPoolSize;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        ConnectionLimits limits;
        int active;
        try
        {
            (limits, active) = await ReadAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or InvalidCastException)
        {
            LogNotChecked(deployment.DatabaseDisplayName, ex.Message);
            return;
        }

        var fit = ConnectionBudget.Evaluate(limits, active, poolSize);
        if (fit.Fits)
        {
            LogFits(fit.Silos, poolSize, fit.Needed, fit.Available, limits.MaxConnections);
        }
        else
        {
            LogTooSmall(
                deployment.DatabaseDisplayName, fit.Available, limits.MaxConnections, limits.SuperuserReserved, limits.Reserved,
                fit.Silos, active, poolSize, fit.Needed, fit.SuggestedMaxConnections, fit.SuggestedPoolSize);
        }
    }

    private async Task<(ConnectionLimits Limits, int ActiveSilos)> ReadAsync(CancellationToken cancellationToken)
    {
        // Its own short-lived connection, outside the pool: the check must not leave an idle slot behind or wait for a busy pool.
        var csb = new NpgsqlConnectionStringBuilder(deployment.RequiredConnectionString)
        {
            Pooling = false,
            Timeout = (int)Timeout.TotalSeconds,
            CommandTimeout = (int)Timeout.TotalSeconds,
        };
        await using var connection = new NpgsqlConnection(csb.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        var settings = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(SettingsQuery, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                settings[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        await using var silos = new NpgsqlCommand(ActiveSilosQuery, connection);
        silos.Parameters.AddWithValue("cluster", cluster.ClusterId);
        silos.Parameters.AddWithValue("active", ActiveStatus);
        var active = (int)(await silos.ExecuteScalarAsync(cancellationToken) ?? 0);

        // reserved_connections exists from PostgreSQL 16 on.
        var limits = new ConnectionLimits(
            settings.GetValueOrDefault("max_connections"),
            settings.GetValueOrDefault("superuser_reserved_connections"),
            settings.GetValueOrDefault("reserved_connections"));
        return (limits, active);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "PostgreSQL {Database} allows {Available} client connections (max_connections {MaxConnections} - superuser_reserved_connections " +
        "{SuperuserReserved} - reserved_connections {Reserved}), but {Silos} silos ({Active} active + this one) x pool size {PoolSize} " +
        "may open {Needed}: under load requests will fail with \"remaining connection slots are reserved\". Raise max_connections to at " +
        "least {SuggestedMaxConnections} (postgresql.conf or ALTER SYSTEM, then restart PostgreSQL), or lower Database:MaxPoolSize " +
        "(or Maximum Pool Size in ConnectionStrings:Commune) to {SuggestedPoolSize} or less")]
    private partial void LogTooSmall(
        string database, int available, int maxConnections, int superuserReserved, int reserved, int silos, int active, int poolSize,
        int needed, int suggestedMaxConnections, int suggestedPoolSize);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "PostgreSQL connections: {Silos} silos x pool size {PoolSize} = {Needed} of {Available} available (max_connections {MaxConnections})")]
    private partial void LogFits(int silos, int poolSize, int needed, int available, int maxConnections);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not check PostgreSQL {Database}'s max_connections against the cluster's pools: {Reason}")]
    private partial void LogNotChecked(string database, string reason);
}
