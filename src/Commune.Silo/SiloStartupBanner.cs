using Commune.Hosting;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Commune.Silo;

/// <summary>Says, once the silo has joined, where it is and what it is connected to.</summary>
internal sealed class SiloStartupBanner(
    IHostApplicationLifetime lifetime,
    ILocalSiloDetails silo,
    CommuneDeployment deployment,
    CommuneClusterOptions cluster,
    ILogger<SiloStartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            logger.LogInformation("Commune silo {Silo} joined cluster {ClusterId} (service {ServiceId}) on PostgreSQL {Database}",
                silo.SiloAddress, cluster.ClusterId, cluster.ServiceId, deployment.DatabaseDisplayName);
            logger.LogInformation("Silo port {SiloPort}, gateway port {GatewayPort}; Ctrl-C leaves the cluster cleanly",
                cluster.SiloPort, cluster.GatewayPort);
        });
        lifetime.ApplicationStopping.Register(() => logger.LogInformation("Commune silo {Silo} is leaving the cluster", silo.SiloAddress));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
