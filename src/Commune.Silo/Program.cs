using Commune.Hosting;
using Commune.Hosting.Database;
using Commune.Hosting.Orleans;
using Commune.Hosting.Telemetry;
using Commune.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Commune.Silo: one silo of a PostgreSQL-backed cluster, or `migrate` to prepare that database.
//   dotnet run --project src/Commune.Silo -- migrate
//   dotnet run --project src/Commune.Silo -- --Orleans:SiloPort=11112 --Orleans:GatewayPort=30001
if (args.Length > 0 && args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(SiloUsage.Text);
    return 0;
}

if (args.Length > 0 && args[0] == "migrate")
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = Host.CreateApplicationBuilder(args);
using var loggerFactory = StartupLogger.CreateFactory(builder.Configuration);
var logger = loggerFactory.CreateLogger("Commune.Silo");
IHost host;
try
{
    var deployment = CommuneDeployment.From(builder.Configuration);
    if (deployment.Mode != DeploymentMode.Clustered)
    {
        logger.LogCritical(
            "Commune.Silo joins a PostgreSQL cluster and needs ConnectionStrings:Commune. For a one-process service on this machine run `dotnet run --project src/Commune.Gateway`.");
        return 2;
    }

    await SchemaStatus.EnsureReadyAsync(deployment.RequiredConnectionString);
    builder.UseOrleans(silo => silo.AddCommuneSilo(builder.Configuration, deployment));
    builder.Services.AddHostedService<SiloStartupBanner>();
    builder.Services.AddCommuneTelemetry(builder.Configuration, "commune-silo");
    host = builder.Build();
}
catch (Exception ex) when (ex is SchemaNotReadyException or DatabaseUnavailableException or InvalidOperationException)
{
    // Start-up refusals are one-line messages; a failure while running keeps its stack trace.
    logger.LogCritical("{Reason}", ex.Message);
    return 3;
}

using (host)
{
    await host.RunAsync();
}

return 0;
