using System.Diagnostics;
using System.Globalization;
using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Messages;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Commune.Bench.Agents;

/// <summary>
/// A stopwatch breakdown of the direct-message path (<c>messages --probe</c>): each step of the router's work driven alone by the same
/// closed loop, with the process's CPU time per call, so the step that costs most stands out even on a busy machine.
/// </summary>
internal static class MessagePathProbe
{
    public static async Task RunAsync(IGrainFactory grains, IServiceProvider services, string[] agents, int concurrency, TimeSpan duration)
    {
        var n = 0L;
        var serializer = services.GetRequiredService<IGrainStorageSerializer>();
        var box = new InboxState();
        box.Messages.Add(new MessageEnvelope("msg_x", MessageTypes.Direct, agents[0], agents[1], null, "{}", null, DateTimeOffset.UtcNow, 1, 1));
        var steps = new (string Name, Func<Random, Task> Call)[]
        {
            ("storage serializer: an inbox of 1 message", r =>
            {
                _ = serializer.Serialize(box);
                return Task.CompletedTask;
            }),
            ("memory storage grain write (400 bytes)", r => grains.GetGrain<IMemoryStorageGrain>(r.Next(10))
                .WriteStateAsync("probe/" + Interlocked.Increment(ref n).ToString(CultureInfo.InvariantCulture), new GrainState<ReadOnlyMemory<byte>>(new byte[400], null))),
            ("agent GetAsync (a bare grain call)", r => grains.GetGrain<IAgentGrain>(agents[r.Next(agents.Length)]).GetAsync()),
            ("sender PrepareSendAsync", r => grains.GetGrain<IAgentGrain>(agents[r.Next(agents.Length)]).PrepareSendAsync("probe", agents[r.Next(agents.Length)], null)),
            ("recipient DeliverAsync (inbox write) + ack", async r =>
            {
                var agent = agents[r.Next(agents.Length)];
                var id = "probe-" + Interlocked.Increment(ref n).ToString(CultureInfo.InvariantCulture);
                var grain = grains.GetGrain<IAgentGrain>(agent);
                await grain.DeliverAsync(new MessageEnvelope(id, MessageTypes.Direct, agents[0], agent, null, "{}", null, DateTimeOffset.UtcNow, 1, 0));
                await grain.AckAsync([id]);
            }),
            ("router SendAsync (check, prepare, deliver)", r =>
            {
                var from = r.Next(agents.Length);
                var to = (from + 1) % agents.Length;
                return grains.GetGrain<IMessageRouterGrain>(0).SendAsync(new SendRequest(agents[from], MessageTypes.Direct, "{\"text\":\"x\"}", ToAgent: agents[to]));
            }),
        };

        foreach (var (name, call) in steps)
        {
            var calls = 0L;
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
            {
                var random = new Random(w);
                while (clock.Elapsed < duration)
                {
                    await call(random);
                    Interlocked.Increment(ref calls);
                }
            })));
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"probe: {name}: {calls / clock.Elapsed.TotalSeconds:0}/s, {cpuSeconds * 1e6 / calls:0} µs CPU per call"));
        }
    }
}
