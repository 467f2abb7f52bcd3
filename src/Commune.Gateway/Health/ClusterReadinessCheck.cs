using Commune.Gateway.Errors;
using Commune.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commune.Gateway.Health;

/// <summary>
/// Ready means a grain call crosses into the cluster and its state round-trips through grain storage (PostgreSQL when
/// clustered): the path every real request takes.
/// </summary>
public sealed class ClusterReadinessCheck(IGrainFactory grains, ClusterReachability reachability) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // One probe grain per gateway host: a stable key keeps one row in storage per host, not one per restart.
    private static readonly string ProbeKey = $"gateway:{Environment.MachineName}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (reachability.NoSiloKnown)
        {
            return HealthCheckResult.Unhealthy(ClusterReachability.NoSiloMessage);
        }

        try
        {
            var report = await grains.GetGrain<IHealthProbeGrain>(ProbeKey).ProbeAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("A grain answered and its state was written to grain storage.",
                new Dictionary<string, object> { ["silo"] = report.Silo, ["probes"] = report.Probes });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster did not answer a probe: {ex.Message}");
        }
    }
}
