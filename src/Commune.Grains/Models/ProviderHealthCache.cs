using System.Collections.Concurrent;
using Commune.Models;
using Commune.Providers.Clients;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Models;

/// <summary>
/// Each silo's copy of every provider's breaker, refreshed from the provider grains every <see cref="BreakerSettings.RefreshInterval"/>
/// (250 ms by default) and updated at once from the answers of this silo's own reports. A trip on any silo is honoured everywhere
/// within one refresh, and a chain reads the state from memory: no grain call per request.
/// </summary>
public sealed partial class ProviderHealthCache(
    IGrainFactory grains,
    ProviderRegistry providers,
    IOptions<BreakerSettings> options,
    ILogger<ProviderHealthCache> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, BreakerSnapshot> _snapshots = new(StringComparer.Ordinal);

    /// <summary>The latest known breaker of <paramref name="provider"/> (closed until anything is known).</summary>
    public BreakerSnapshot Get(string provider) =>
        _snapshots.TryGetValue(provider, out var snapshot)
            ? snapshot
            : BreakerSnapshot.Initial(provider, options.Value.FailureThreshold, options.Value.Cooldown);

    /// <summary>Keeps <paramref name="snapshot"/> unless a newer one is already known.</summary>
    public void Update(BreakerSnapshot snapshot) =>
        _snapshots.AddOrUpdate(snapshot.Provider, snapshot, (_, known) => snapshot.Version >= known.Version ? snapshot : known);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var refreshed = await Task.WhenAll(providers.Names.Select(name => grains.GetGrain<IProviderHealthGrain>(name).GetAsync()));

                // The grain is the authority: its answer replaces whatever this silo had, older version or not (it may have restarted).
                foreach (var snapshot in refreshed)
                {
                    _snapshots[snapshot.Provider] = snapshot;
                }

                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Before the silo is up, or while a provider grain moves: keep the last copy and try again next tick.
                if (!failing)
                {
                    LogRefreshFailed(ex.Message);
                    failing = true;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Provider breaker refresh failed, keeping the cached states: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
