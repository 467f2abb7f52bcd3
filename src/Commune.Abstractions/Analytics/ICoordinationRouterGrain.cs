using Commune.Events;
using Orleans.Concurrency;

namespace Commune.Analytics;

/// <summary>
/// Turns written audit entries into observations grouped by agent and hands each agent's share to its member grain, one-way. A
/// stateless worker: every silo runs as many as it needs, so the audit pipeline never waits on coordination.
/// </summary>
[Alias("commune.analytics.ICoordinationRouterGrain")]
public interface ICoordinationRouterGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task RouteAsync(IReadOnlyList<AuditEntry> entries);
}
