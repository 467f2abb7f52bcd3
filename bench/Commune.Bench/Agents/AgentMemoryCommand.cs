using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Commune.Agents;
using Orleans.Storage;

namespace Commune.Bench.Agents;

/// <summary>
/// Memory per idle agent (issue 5): an embedded silo in this process, N agents registered through <see cref="IAgentGrain.RegisterAsync"/>,
/// then the managed heap and working set after full collections, against a baseline taken before. Every agent must still be activated
/// and listed by the directory when measured. Then the in-memory storage's copies of the agents' state are deleted and the heap measured
/// again, which says how much of the figure is that copy.
/// </summary>
internal static class AgentMemoryCommand
{
    private const int WarmupAgents = 1000;

    public static async Task<int> RunAsync(AgentMemoryOptions options)
    {
        // Registering 100 000 agents takes minutes here and the benchmark does not heartbeat them: a long heartbeat interval keeps the
        // first ones from being marked offline (and rewritten) by the directory's sweep while the rest register. Idle stays idle.
        await using var silo = await AgentBenchSilo.StartAsync(new Dictionary<string, string?> { ["Fleet:HeartbeatInterval"] = "01:00:00" });
        var grains = silo.Grains;
        var capabilities = Enumerable.Range(0, options.Capabilities).Select(i => $"cap-{i}").ToArray();
        Console.Error.WriteLine($"agents-memory: {options.Agents} agents, concurrency {options.Concurrency}, {capabilities.Length} capabilities");

        // Warm-up: JIT, the directory shards, the storage grains and the silo's own caches, before the baseline.
        await RegisterAsync(grains, "warm", WarmupAgents, options.Concurrency, capabilities);
        await WaitForDirectoryAsync(grains, WarmupAgents);
        var before = MemorySnapshot.Take();
        var agentsBefore = await silo.ActivationsAsync("AgentGrain");

        var clock = Stopwatch.StartNew();
        await RegisterAsync(grains, "idle", options.Agents, options.Concurrency, capabilities);
        var registerSeconds = clock.Elapsed.TotalSeconds;
        var listed = await WaitForDirectoryAsync(grains, WarmupAgents + options.Agents);

        var after = MemorySnapshot.Take();
        var agentActivations = await silo.ActivationsAsync("AgentGrain") - agentsBefore;
        var stats = await grains.GetGrain<IAgentBoardGrain>(0).StatsAsync();
        var byType = await silo.ActivationsByTypeAsync();

        // What the memory storage holds for each agent: its serialized state (JSON) under a key; then delete those copies and measure.
        var (storedBytes, deleted) = await DeleteStoredAgentsAsync(grains, "idle", options.Agents, options.Concurrency);
        var withoutStorage = MemorySnapshot.Take();
        var stillActive = await silo.ActivationsAsync("AgentGrain") - agentsBefore;

        if (options.Hold > TimeSpan.Zero)
        {
            Console.Error.WriteLine($"holding {options.Hold.TotalSeconds:0} s (pid {Environment.ProcessId})");
            await Task.Delay(options.Hold);
        }

        double PerAgent(long delta) => Math.Round((double)delta / options.Agents);
        var report = new
        {
            agents = options.Agents,
            concurrency = options.Concurrency,
            capabilities = capabilities.Length,
            register_per_second = Math.Round(options.Agents / registerSeconds),
            agent_activations = agentActivations,
            directory_total = stats.Total - WarmupAgents,
            directory_idle = stats.Idle,
            still_active_after_storage_delete = stillActive,
            bytes_per_agent_total_memory = PerAgent(after.TotalMemory - before.TotalMemory),
            bytes_per_agent_heap_size = PerAgent(after.HeapSize - before.HeapSize),
            bytes_per_agent_working_set = PerAgent(after.WorkingSet - before.WorkingSet),
            storage_json_bytes_per_agent = Math.Round((double)storedBytes / options.Agents),
            storage_copies_deleted = deleted,
            bytes_per_agent_total_memory_without_storage_copy = PerAgent(withoutStorage.TotalMemory - before.TotalMemory),
            bytes_per_agent_heap_size_without_storage_copy = PerAgent(withoutStorage.HeapSize - before.HeapSize),
            heap_mib_before = Math.Round(MemorySnapshot.MiB(before.HeapSize), 1),
            heap_mib_after = Math.Round(MemorySnapshot.MiB(after.HeapSize), 1),
            working_set_mib_before = Math.Round(MemorySnapshot.MiB(before.WorkingSet), 1),
            working_set_mib_after = Math.Round(MemorySnapshot.MiB(after.WorkingSet), 1),
            server_gc = System.Runtime.GCSettings.IsServerGC,
            activations_by_type = byType.Take(8).ToDictionary(t => t.Type, t => t.Count),
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registered {options.Agents} in {registerSeconds:0.0} s; activations {agentActivations}, directory {listed - WarmupAgents}; " +
            $"per agent: heap {report.bytes_per_agent_heap_size} B (GetTotalMemory {report.bytes_per_agent_total_memory} B), working set " +
            $"{report.bytes_per_agent_working_set} B; storage JSON {report.storage_json_bytes_per_agent} B; heap without the storage copy " +
            $"{report.bytes_per_agent_heap_size_without_storage_copy} B"));
        Console.WriteLine(JsonSerializer.Serialize(report));
        return agentActivations >= options.Agents && listed >= WarmupAgents + options.Agents && stillActive >= options.Agents ? 0 : 1;
    }

    private static async Task RegisterAsync(IGrainFactory grains, string prefix, int count, int concurrency, string[] capabilities)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var name = Name(prefix, i);
                var reply = await grains.GetGrain<IAgentGrain>(name).RegisterAsync(new AgentRegistration(name, "worker", null, capabilities, 1));
                if (!reply.Succeeded)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} registrations were refused");
        }
    }

    /// <summary>Directory updates are one-way: waits (up to a minute) until the shards list <paramref name="expected"/> agents.</summary>
    private static async Task<int> WaitForDirectoryAsync(IGrainFactory grains, int expected)
    {
        var board = grains.GetGrain<IAgentBoardGrain>(0);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var total = (await board.StatsAsync()).Total;
            if (total >= expected || deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                return total;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Reads (for its size) and deletes the memory storage's copy of each agent's state.</summary>
    private static async Task<(long Bytes, int Deleted)> DeleteStoredAgentsAsync(IGrainFactory grains, string prefix, int count, int concurrency)
    {
        const int storageGrains = 10; // MemoryGrainStorageOptions.NumStorageGrainsDefaultValue: Commune does not change it.
        long bytes = 0;
        var deleted = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                // MemoryGrainStorage's key is "{state name}/{grain id}"; which of its storage grains holds it is the provider's business,
                // so ask the likeliest ((uint)key.GetHashCode() % 10) first and then the others.
                var key = $"agent/{grains.GetGrain<IAgentGrain>(Name(prefix, i)).GetGrainId()}";
                var first = (int)((uint)key.GetHashCode() % storageGrains);
                for (var probe = 0; probe < storageGrains; probe++)
                {
                    var store = grains.GetGrain<IMemoryStorageGrain>((first + probe) % storageGrains);
                    // Orleans 10 keeps the serialized state as ReadOnlyMemory<byte>.
                    var stored = await store.ReadStateAsync<ReadOnlyMemory<byte>>(key);
                    // (The stored copy's RecordExists is what the grain's was before its first write: false; the ETag says it exists.)
                    if (stored is { ETag: not null })
                    {
                        Interlocked.Add(ref bytes, stored.State.Length);
                        await store.DeleteStateAsync<ReadOnlyMemory<byte>>(key, stored.ETag); // throws if the agent wrote since: none should
                        Interlocked.Increment(ref deleted);
                        break;
                    }
                }
            }
        })));
        return (bytes, deleted);
    }

    private static string Name(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D6}");
}
