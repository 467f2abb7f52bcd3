using Commune.Models;
using Commune.Providers.Clients;
using Commune.Providers.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Models;

/// <summary>
/// The cluster-wide circuit breaker of one provider: the threshold-th consecutive failure opens it for the cooldown; after the cooldown
/// exactly one caller probes (half-open); the probe's success closes it, its failure re-opens it. Silos read it through
/// <see cref="ProviderHealthCache"/>, so a chain never calls this grain just to learn the state.
/// </summary>
public sealed partial class ProviderHealthGrain(
    [PersistentState("breaker", StorageNames.Default)] IPersistentState<ProviderHealthState> state,
    ProviderRegistry providers,
    SecretRedactor redactor,
    IOptions<BreakerSettings> defaults,
    TimeProvider time,
    ILogger<ProviderHealthGrain> logger) : Grain, IProviderHealthGrain
{
    private const int HistoryLimit = 50;
    private long _failures;
    private long _successes;

    private BreakerSettings Settings =>
        providers.Providers.TryGetValue(this.GetPrimaryKeyString(), out var p) && p.Settings.Breaker is { } own ? own : defaults.Value;

    public Task<BreakerSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<BreakerSnapshot> RecordFailureAsync(string outcome, string? detail)
    {
        var s = state.State;
        var now = time.GetUtcNow();
        _failures++;
        s.ConsecutiveFailures++;
        s.LastFailure = detail is null ? outcome : outcome + ": " + redactor.Redact(detail);
        s.LastFailureAt = now;
        s.Version++;

        if (s.State == BreakerState.HalfOpen)
        {
            await OpenAsync(now, $"probe failed ({outcome})");
        }
        else if (s.State == BreakerState.Closed && s.ConsecutiveFailures >= Settings.FailureThreshold)
        {
            await OpenAsync(now, $"{s.ConsecutiveFailures} consecutive failures, last {outcome}");
        }

        return Snapshot();
    }

    public async Task<BreakerSnapshot> RecordSuccessAsync()
    {
        var s = state.State;
        _successes++;
        var hadFailures = s.ConsecutiveFailures > 0;
        s.ConsecutiveFailures = 0;

        // Only the probe closes an open breaker: a late success from before the trip proves nothing about now.
        if (s.State == BreakerState.HalfOpen)
        {
            s.OpenUntil = null;
            s.ProbeLeaseUntil = null;
            await TransitionAsync(time.GetUtcNow(), BreakerState.Closed, "probe succeeded");
        }
        else if (hadFailures)
        {
            s.Version++;
        }

        return Snapshot();
    }

    public async Task<ProbeGrant> TryBeginProbeAsync()
    {
        var s = state.State;
        var now = time.GetUtcNow();
        var granted = s.State switch
        {
            BreakerState.Closed => true,
            BreakerState.Open => now >= s.OpenUntil,

            // A probe whose silo never reported back gives its slot up when its lease ends.
            _ => now >= s.ProbeLeaseUntil,
        };

        if (granted && s.State != BreakerState.Closed)
        {
            s.ProbeLeaseUntil = now + Settings.ProbeLease;
            await TransitionAsync(now, BreakerState.HalfOpen, "cooldown over: one probe allowed");
        }

        return new ProbeGrant(granted, Snapshot());
    }

    private async Task OpenAsync(DateTimeOffset now, string reason)
    {
        var cooldown = Settings.Cooldown;
        state.State.OpenUntil = now + cooldown;
        state.State.ProbeLeaseUntil = null;
        await TransitionAsync(now, BreakerState.Open, reason);
        LogOpened(this.GetPrimaryKeyString(), reason, cooldown);

        // Stay active through the cooldown so the state is served from memory; storage keeps it across a silo loss anyway.
        DelayDeactivation(cooldown + Settings.ProbeLease);
    }

    private async Task TransitionAsync(DateTimeOffset now, string to, string reason)
    {
        var s = state.State;
        if (s.State != to)
        {
            s.History.Add(new BreakerTransition(now, s.State, to, reason));
            if (s.History.Count > HistoryLimit)
            {
                s.History.RemoveRange(0, s.History.Count - HistoryLimit);
            }

            if (to == BreakerState.Closed)
            {
                LogClosed(this.GetPrimaryKeyString(), reason);
            }
        }

        s.State = to;
        s.Version++;
        await state.WriteStateAsync();
    }

    private BreakerSnapshot Snapshot()
    {
        var s = state.State;
        var settings = Settings;
        return new BreakerSnapshot(
            this.GetPrimaryKeyString(),
            s.State,
            s.ConsecutiveFailures,
            s.OpenUntil,

            // State stored before redaction existed may still hold an echoed key.
            redactor.Redact(s.LastFailure),
            s.LastFailureAt,
            _failures,
            _successes,
            s.Version,
            s.History.ToArray(),
            settings.FailureThreshold,
            settings.Cooldown);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breaker of provider {Provider} opened ({Reason}); chains skip it for {Cooldown}")]
    private partial void LogOpened(string provider, string reason, TimeSpan cooldown);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breaker of provider {Provider} closed ({Reason})")]
    private partial void LogClosed(string provider, string reason);
}
