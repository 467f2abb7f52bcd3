using Commune.Agents;
using Commune.Messages;

namespace Commune.Bench.Agents;

/// <summary>An embedded silo in this process: messages go through the real router grain, <see cref="IMessageRouterGrain.SendAsync"/>.</summary>
internal sealed class GrainMessageDriver(AgentBenchSilo silo) : IMessageDriver
{
    private readonly IGrainFactory _grains = silo.Grains;

    public IGrainFactory Grains => _grains;

    public IServiceProvider Services => silo.Services;

    public string Name => "grains, in memory";

    public async Task RegisterAsync(string name, IReadOnlyList<string> capabilities)
    {
        var reply = await _grains.GetGrain<IAgentGrain>(name).RegisterAsync(new AgentRegistration(name, "worker", null, capabilities, 1));
        if (!reply.Succeeded)
        {
            throw new InvalidOperationException($"registering {name} was refused: {reply.Error!.Message}");
        }
    }

    public async Task<(string? Id, string? Refused)> SendAsync(string from, string to, string payload)
    {
        var reply = await _grains.GetGrain<IMessageRouterGrain>(0).SendAsync(new SendRequest(from, MessageTypes.Direct, payload, ToAgent: to));
        return reply.Error is { } error ? (null, error.Code.ToString()) : (reply.Message!.Id, null);
    }

    public async Task<IReadOnlyList<(string Id, string? To)>> ReadAsync(string agent, int limit)
    {
        var page = await _grains.GetGrain<IAgentGrain>(agent).ReadInboxAsync(0, limit);
        return [.. page.Messages.Select(m => (m.Id, m.ToAgent))];
    }

    public async Task AckAsync(string agent, IReadOnlyList<string> ids)
    {
        var result = await _grains.GetGrain<IAgentGrain>(agent).AckAsync(ids);
        if (result.Unknown.Count > 0)
        {
            throw new InvalidOperationException($"{agent}: acknowledged ids the inbox did not hold: {string.Join(", ", result.Unknown.Take(3))}");
        }
    }

    public ValueTask DisposeAsync() => silo.DisposeAsync();
}
