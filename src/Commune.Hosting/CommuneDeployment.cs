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

/// <summary>The deployment mode read from configuration: <c>ConnectionStrings:Commune</c> set means clustered.</summary>
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

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        return new(DeploymentMode.Clustered, connectionString);
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
