using System.Diagnostics;
using Commune.Gateway.Security;
using Commune.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Commune.Gateway;

/// <summary>Says in a few lines, once serving, what runs where: mode, URLs, dashboard, health and auth.</summary>
internal sealed class GatewayStartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    CommuneDeployment deployment,
    ApiKeySet keys,
    ILogger<GatewayStartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Log);
        lifetime.ApplicationStopping.Register(() =>
        {
            if (deployment.Mode == DeploymentMode.Embedded)
            {
                logger.LogInformation("Commune is shutting down; the silo leaves the cluster cleanly");
            }
            else
            {
                logger.LogInformation("Commune gateway is shutting down; the cluster keeps running");
            }
        });
        lifetime.ApplicationStopped.Register(() => logger.LogInformation("Commune stopped"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Log()
    {
        var started = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var first = urls.FirstOrDefault()?.TrimEnd('/') ?? ListenAddresses.DefaultUrl;
        if (deployment.Mode == DeploymentMode.Embedded)
        {
            logger.LogInformation(
                "Commune started in {Seconds:0.0} s, embedded: one process hosting a silo and the gateway, localhost clustering, in-memory storage (state ends with the process)",
                started.TotalSeconds);
        }
        else
        {
            logger.LogInformation("Commune gateway started in {Seconds:0.0} s as a client of the PostgreSQL cluster at {Database}",
                started.TotalSeconds, deployment.DatabaseDisplayName);
        }

        logger.LogInformation("Listening on {Urls}; API under {Base}/v1, OpenAPI at {Base}/openapi/v1.json", string.Join(", ", urls), first, first);
        logger.LogInformation("Dashboard: {Base}/dashboard   Health: {Base}/health/live, {Base}/health/ready", first, first, first);
        if (keys.Count == 0)
        {
            logger.LogInformation("No API keys configured: listening on loopback only, no key required");
        }
        else
        {
            logger.LogInformation("API keys required on /v1, /dashboard and /openapi ({KeyCount} configured)", keys.Count);
        }
    }
}
