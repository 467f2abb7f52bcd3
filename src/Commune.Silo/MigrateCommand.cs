using Commune.Hosting;
using Commune.Hosting.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commune.Silo;

/// <summary><c>Commune.Silo migrate</c>: applies infra/sql to the database named by ConnectionStrings:Commune.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        using var loggerFactory = StartupLogger.CreateFactory(builder.Configuration);
        var logger = loggerFactory.CreateLogger("Commune.Silo.Migrate");
        try
        {
            var deployment = CommuneDeployment.From(builder.Configuration);
            if (deployment.Mode != DeploymentMode.Clustered)
            {
                logger.LogCritical("migrate needs ConnectionStrings:Commune: the PostgreSQL database to prepare.");
                return 2;
            }

            logger.LogInformation("Migrating {Database}", deployment.DatabaseDisplayName);
            var steps = await new SchemaMigrator(deployment.RequiredConnectionString, logger).MigrateAsync();
            var changed = steps.Count(s => s.Outcome != MigrationOutcome.UpToDate);
            if (changed == 0)
            {
                logger.LogInformation("Database {Database} is already up to date ({Scripts} scripts)", deployment.DatabaseDisplayName, steps.Count);
            }
            else
            {
                logger.LogInformation("Database {Database} migrated: {Changed} of {Scripts} scripts applied", deployment.DatabaseDisplayName, changed, steps.Count);
            }
            return 0;
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or InvalidOperationException)
        {
            logger.LogCritical("{Reason}", ex.Message);
            return 3;
        }
    }
}
