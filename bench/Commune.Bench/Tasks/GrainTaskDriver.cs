using Commune.Hosting;
using Commune.Hosting.Database;
using Commune.Hosting.Orleans;
using Commune.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Commune.Bench.Tasks;

/// <summary>A Commune silo hosted in this process (in memory, or on PostgreSQL), driven through its grain interfaces.</summary>
internal sealed class GrainTaskDriver : ITaskDriver
{
    private readonly IHost _host;
    private readonly IGrainFactory _grains;

    private GrainTaskDriver(IHost host, string name)
    {
        _host = host;
        _grains = host.Services.GetRequiredService<IGrainFactory>();
        Name = name;
    }

    public string Name { get; }

    public static async Task<GrainTaskDriver> StartAsync(string? postgres)
    {
        var builder = Host.CreateApplicationBuilder();
        // Logs go to stderr: stdout carries only the JSON report.
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?> { ["Orleans:SiloPort"] = "11211", ["Orleans:GatewayPort"] = "30099" };
        if (postgres is not null)
        {
            settings["ConnectionStrings:Commune"] = postgres;
            await new SchemaMigrator(postgres, NullLogger.Instance).MigrateAsync();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var deployment = CommuneDeployment.From(builder.Configuration);
        builder.UseOrleans(silo => silo.AddCommuneSilo(builder.Configuration, deployment));
        var host = builder.Build();
        await host.StartAsync();
        return new GrainTaskDriver(host, postgres is null ? "grains, in memory" : "grains, PostgreSQL");
    }

    public async Task CreateAsync(IReadOnlyList<DagTask> batch)
    {
        var specs = batch.Select(t => new TaskSpec(
            t.Id, "bench " + t.Id, null, TaskPriorityNames.TryParse(t.Priority, out var p) ? p : TaskPriority.Medium, [], t.DependsOn, null, null, null,
            0, [], null, null, null, null)).ToList();
        var reply = await _grains.GetGrain<ITaskBoardGrain>(0).CreateAsync(specs);
        if (reply.Error is { } error)
        {
            throw new InvalidOperationException("batch create refused: " + error.Message);
        }
    }

    public async Task<string?> NextAsync(string agentId) =>
        (await _grains.GetGrain<ITaskBoardGrain>(0).NextAsync(new TaskQuery(agentId, [], [], null)))?.Spec.Id;

    public async Task<long?> ClaimAsync(string taskId, string agentId)
    {
        var reply = await _grains.GetGrain<ITaskGrain>(taskId).ClaimAsync(agentId, [], null);
        return reply.Succeeded ? reply.Task!.Epoch : null;
    }

    public async Task<bool> CompleteAsync(string taskId, string agentId, long epoch) =>
        (await _grains.GetGrain<ITaskGrain>(taskId).CompleteAsync(agentId, epoch, "{\"ok\":true}")).Succeeded;

    public async Task<int> CountCompletedAsync() =>
        (await _grains.GetGrain<ITaskBoardGrain>(0).CountAsync()).GetValueOrDefault(WorkStatus.Completed);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
