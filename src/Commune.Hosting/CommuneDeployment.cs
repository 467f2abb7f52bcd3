using System.Data.Common;
using Commune.Hosting.Database;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Commune.Hosting;

/// <summary>How this process stores cluster state: everything in one process, or PostgreSQL shared by many silos.</summary>
public enum DeploymentMode
{
    /// <summary>Localhost clustering, in-memory grain storage and reminders; state ends with the process.</summary>
    Embedded,

    /// <summary>ADO.NET clustering, grain storage and reminders on the PostgreSQL database at <c>ConnectionStrings:Commune</c>.</summary>
    Clustered,
}

/// <summary>
/// The deployment mode read from configuration: <c>ConnectionStrings:Commune</c> set means clustered. The connection string carries
/// <c>Database:MaxPoolSize</c> as its <c>Maximum Pool Size</c> unless it sets one itself.
/// </summary>
public sealed record CommuneDeployment(DeploymentMode Mode, string? ConnectionString)
{
    public const string ConnectionStringName = "Commune";

    public static CommuneDeployment From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new(DeploymentMode.Embedded, null);
        }

        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var problems = database.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid database configuration: " + string.Join(" ", problems));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        if (SetsPoolSize(connectionString))
        {
            return new(DeploymentMode.Clustered, connectionString);
        }

        builder.MaxPoolSize = database.MaxPoolSize;
        return new(DeploymentMode.Clustered, builder.ConnectionString);
    }

    /// <summary>The most connections this process opens to PostgreSQL (its one pool); 0 when embedded.</summary>
    public int MaxPoolSize => ConnectionString is null ? 0 : new NpgsqlConnectionStringBuilder(ConnectionString).MaxPoolSize;

    /// <summary>Whether the connection string names a pool size itself, under any of the spellings Npgsql accepts.</summary>
    public static bool SetsPoolSize(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
    }

    /// <summary>The clustered connection string; throws when embedded.</summary>
    public string RequiredConnectionString =>
        ConnectionString ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");

    /// <summary>Where the database is, without credentials, for logs and error messages.</summary>
    public string DatabaseDisplayName => ConnectionString is null ? "(none)" : Describe(ConnectionString);

    public static string Describe(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }
}
