using Commune.Hosting;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Commune.Tests.Infrastructure;

/// <summary>
/// A two-silo in-process cluster for task-graph properties: no offer hold (so <c>next</c> is a deterministic function of the ready
/// set) and a fast shard sweep. Everything else is the default task configuration.
/// </summary>
public sealed class TaskClusterFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Tasks:OfferHold"] = "00:00:00",
        ["Tasks:SweepInterval"] = "00:00:00.200",
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(Settings));
        builder.ConfigureSilo((_, silo) => silo.AddCommuneGrainServices(new CommuneDeployment(DeploymentMode.Embedded, null)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
