using Commune.Hosting;
using Commune.Hosting.Orleans;
using Orleans.TestingHost;

namespace Commune.Tests.Infrastructure;

/// <summary>A two-silo in-process cluster with Commune's grain services (storage, reminders, serializer), shared by a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddCommuneGrainServices(new CommuneDeployment(DeploymentMode.Embedded, null)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
