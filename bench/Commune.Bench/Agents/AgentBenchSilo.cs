using Commune.Hosting;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commune.Bench.Agents;

/// <summary>
/// An embedded Commune silo (in-memory grain storage, as the embedded gateway runs it) hosted in this process, configured like the task
/// benchmark's, with extra settings on top (the message benchmark raises the per-agent send rate).
/// </summary>
internal sealed class AgentBenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private AgentBenchSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<AgentBenchSilo> StartAsync(IReadOnlyDictionary<string, string?> extra)
    {
        var builder = Host.CreateApplicationBuilder();
        // Logs go to stderr: stdout carries only the JSON report.
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?> { ["Orleans:SiloPort"] = "11212", ["Orleans:GatewayPort"] = "30098" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var deployment = CommuneDeployment.From(builder.Configuration);
        builder.UseOrleans(silo => silo.AddCommuneSilo(builder.Configuration, deployment));
        var host = builder.Build();
        await host.StartAsync();
        return new AgentBenchSilo(host);
    }

    /// <summary>Activations in this silo whose grain class name contains <paramref name="typeName"/>.</summary>
    public async Task<int> ActivationsAsync(string typeName)
    {
        var stats = await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains(typeName, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    /// <summary>Every grain type with activations, largest count first.</summary>
    public async Task<IReadOnlyList<(string Type, int Count)>> ActivationsByTypeAsync()
    {
        var stats = await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return [.. stats.GroupBy(s => s.GrainType).Select(g => (g.Key, g.Sum(s => s.ActivationCount))).OrderByDescending(t => t.Item2)];
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
