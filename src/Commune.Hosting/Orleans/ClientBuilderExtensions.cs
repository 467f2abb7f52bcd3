using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Commune.Hosting.Orleans;

/// <summary>Configures an Orleans client of a clustered (PostgreSQL) Commune deployment.</summary>
public static class ClientBuilderExtensions
{
    public static IClientBuilder AddCommuneClient(this IClientBuilder client, IConfiguration configuration, CommuneDeployment deployment)
    {
        if (deployment.Mode != DeploymentMode.Clustered)
        {
            throw new InvalidOperationException("An Orleans client needs a clustered deployment (ConnectionStrings:Commune).");
        }

        var cluster = ClusterOptionsReader.Read(configuration);
        client.Services.AddSingleton(cluster);
        client.Services.AddSingleton(deployment);
        client.AddActivityPropagation();
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant.Name;
            o.ConnectionString = deployment.RequiredConnectionString;
        });
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ClientResponseTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
        client.Services.AddSingleton<IClientConnectionRetryFilter, ClientConnectionRetry>();
        client.AddDashboard();
        return client;
    }
}
