using Commune.Hosting;
using Commune.Hosting.Orleans;
using Orleans.Runtime;

namespace Commune.Gateway.Endpoints;

/// <summary><c>GET /v1/cluster</c>: the deployment mode and every silo in membership with its status.</summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/cluster", GetClusterAsync)
            .WithName("GetCluster")
            .WithSummary("The cluster this gateway talks to: mode, identity and silos (active first).");
        return v1;
    }

    private static async Task<ClusterView> GetClusterAsync(
        IGrainFactory grains, CommuneDeployment deployment, CommuneClusterOptions cluster, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken);
        var silos = hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1)
            .ThenBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloView(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.HostName,
                h.Status.ToString().ToLowerInvariant(),
                AsUtc(h.StartTime),
                AsUtc(h.IAmAliveTime)))
            .ToList();
        return new ClusterView(
            deployment.Mode.ToString().ToLowerInvariant(), cluster.ClusterId, cluster.ServiceId,
            deployment.Mode == DeploymentMode.Clustered ? deployment.DatabaseDisplayName : null, silos);
    }

    // Membership times are UTC, but a Local-kind value would make the DateTimeOffset constructor throw on a non-UTC host.
    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero);
}
