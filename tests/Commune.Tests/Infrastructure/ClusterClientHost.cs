using Commune.Hosting;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commune.Tests.Infrastructure;

/// <summary>An Orleans client of a PostgreSQL cluster, configured by the same hosting code as the gateway.</summary>
public sealed class ClusterClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClientHost(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClientHost> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = connectionString });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var deployment = CommuneDeployment.From(builder.Configuration);
        builder.UseOrleansClient(client => client.AddCommuneClient(builder.Configuration, deployment));
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterClientHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
