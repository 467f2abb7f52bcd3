using Commune.Hosting;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Commune.Tests.Supervision;

/// <summary>An in-process cluster for the supervision grains, with the same short clocks as the gateway tests.</summary>
public sealed class SupervisionClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var settings = SupervisionGatewayFixture.Settings();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) => silo.AddCommuneGrainServices(new CommuneDeployment(DeploymentMode.Embedded, null)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
