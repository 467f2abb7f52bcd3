using Commune.Agents;

namespace Commune.Grains.Agents;

/// <summary>Hands out turns for one capability; losing the count on a restart only changes who is next.</summary>
public sealed class RoundRobinGrain : Grain, IRoundRobinGrain
{
    private long _next;

    public Task<long> NextAsync() => Task.FromResult(_next++);
}
