using Commune.Grains.Monitoring;
using Commune.Models;
using Commune.Monitoring;
using Commune.Providers.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Models;

/// <summary>
/// A token and dollar ledger. A call reserves its estimate first and settles to its actual usage after; a reservation that would pass a
/// limit is refused (fail closed) and records one escalation ("needs human review") per ledger until the limits are raised.
/// </summary>
public sealed partial class BudgetGrain(
    [PersistentState("budget", StorageNames.Default)] IPersistentState<BudgetState> state,
    IOptions<ChainOptions> chain,
    IOptions<MonitorOptions> monitor,
    TimeProvider time,
    ILogger<BudgetGrain> logger) : Grain, IBudgetGrain
{
    /// <summary>A reservation never settled (its silo died mid-call) stops holding room after this long.</summary>
    private static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(15);

    private readonly Dictionary<Guid, Reservation> _reservations = [];

    /// <summary>What the budget watch last heard from this activation (null: nothing yet).</summary>
    private bool? _watchedNear;

    public async Task<BudgetReservation> ReserveAsync(BudgetRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(request.CostUsd);
        var now = time.GetUtcNow();
        DropExpired(now);

        var s = state.State;
        if (state.State.TokenLimit is null && request.DefaultTokenLimit is { } profileLimit && s.DefaultTokenLimit != profileLimit)
        {
            s.DefaultTokenLimit = profileLimit;
        }

        var tokenLimit = TokenLimit;
        var tokens = s.TokensSpent + ReservedTokens + request.Tokens;
        var cost = s.CostSpentUsd + ReservedCost + request.CostUsd;
        string? refusal = null;
        if (s.Exceeded)
        {
            refusal = "the ledger is already over its limit";
        }
        else if (tokenLimit is { } limit && tokens > limit)
        {
            refusal = $"this call's estimate of {request.Tokens} tokens would bring it to {tokens} of {limit}";
        }
        else if (s.CostLimitUsd is { } costLimit && cost > costLimit)
        {
            refusal = $"this call's estimate of ${request.CostUsd:0.######} would bring it to ${cost:0.######} of ${costLimit:0.######}";
        }

        if (refusal is not null)
        {
            await EscalateAsync(now, $"Budget '{this.GetPrimaryKeyString()}' exhausted: {refusal} — needs human review", request.Profile, request.RequestId);
            Watch(now);
            return new BudgetReservation(false, true, Snapshot(), refusal);
        }

        _reservations[request.ReservationId] = new Reservation(request.Tokens, request.CostUsd, now + ReservationLifetime);
        var threshold = chain.Value.DowngradeAt;
        var near = (tokenLimit is { } t && tokens >= t * threshold) || (s.CostLimitUsd is { } c && cost >= c * (decimal)threshold);
        return new BudgetReservation(true, near, Snapshot(), null);
    }

    public async Task<BudgetSnapshot> SettleAsync(Guid reservationId, long tokens, decimal costUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(costUsd);

        // Idempotent: a settle for an unknown (already settled or expired) reservation with nothing to charge changes nothing.
        var known = _reservations.Remove(reservationId);
        if (!known && tokens == 0 && costUsd == 0)
        {
            return Snapshot();
        }

        var s = state.State;
        var now = time.GetUtcNow();
        if (tokens > 0 || costUsd > 0)
        {
            s.TokensSpent += tokens;
            s.CostSpentUsd += costUsd;
            s.Calls++;
            s.UpdatedAt = now;
            await state.WriteStateAsync();
        }

        if ((TokenLimit is { } limit && s.TokensSpent > limit) || (s.CostLimitUsd is { } costLimit && s.CostSpentUsd > costLimit))
        {
            await EscalateAsync(now, $"Budget '{this.GetPrimaryKeyString()}' exceeded by actual usage — needs human review", null, null);
        }

        Watch(now);
        return Snapshot();
    }

    public Task<BudgetSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<BudgetSnapshot> SetLimitsAsync(long? tokenLimit, decimal? costLimitUsd)
    {
        if (tokenLimit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenLimit), tokenLimit, "A token limit must be above 0 (or null for none).");
        }

        if (costLimitUsd is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(costLimitUsd), costLimitUsd, "A cost limit must be above 0 (or null for none).");
        }

        var s = state.State;
        s.TokenLimit = tokenLimit;
        s.CostLimitUsd = costLimitUsd;
        var over = (TokenLimit is { } t && s.TokensSpent >= t) || (s.CostLimitUsd is { } c && s.CostSpentUsd >= c);
        if (!over)
        {
            // Room again: the next exhaustion is a new escalation.
            s.Exceeded = false;
            s.EscalationId = null;
        }

        s.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        Watch(s.UpdatedAt.Value, always: true);
        return Snapshot();
    }

    public async Task DeleteAsync()
    {
        _reservations.Clear();
        _watchedNear = null;
        var now = time.GetUtcNow();

        // The watch may list the ledger from an earlier activation; a "not near" report makes it forget it (no write if it did not).
        var gone = new BudgetWatchEntry(this.GetPrimaryKeyString(), 0, 0, null, 0, null, false, false, now);
        GrainFactory.GetGrain<IBudgetWatchGrain>(IBudgetWatchGrain.Key).ReportAsync(gone).Ignore();
        await state.ClearStateAsync();
        state.State = new BudgetState();
        this.DeactivateOnIdle();
        LogDeleted(this.GetPrimaryKeyString());
    }

    private long? TokenLimit => state.State.TokenLimit ?? state.State.DefaultTokenLimit;

    private long ReservedTokens => _reservations.Values.Sum(r => r.Tokens);

    private decimal ReservedCost => _reservations.Values.Sum(r => r.Cost);

    private async Task EscalateAsync(DateTimeOffset now, string reason, string? profile, string? requestId)
    {
        var s = state.State;
        var newlyExceeded = !s.Exceeded;
        s.Exceeded = true;
        if (s.EscalationId is null)
        {
            s.EscalationId = "esc_" + Guid.NewGuid().ToString("N")[..16];
            s.UpdatedAt = now;
            await state.WriteStateAsync();
            var escalation = new Escalation(s.EscalationId, this.GetPrimaryKeyString(), reason, Snapshot(), profile, requestId, now);
            await GrainFactory.GetGrain<IEscalationLogGrain>(IEscalationLogGrain.Key).RecordAsync(escalation);
            LogEscalated(this.GetPrimaryKeyString(), s.EscalationId, reason);
        }
        else if (newlyExceeded)
        {
            s.UpdatedAt = now;
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// Tells the budget watch (one-way) when the ledger crosses <see cref="MonitorOptions.BudgetWarnRatio"/> of a limit, either way, so
    /// monitoring can list ledgers near their limits without a call per model call. <paramref name="always"/>: the limits changed.
    /// </summary>
    private void Watch(DateTimeOffset now, bool always = false)
    {
        var s = state.State;
        var tokens = TokenLimit is { } t ? (double)s.TokensSpent / t : 0;
        var cost = s.CostLimitUsd is { } c ? (double)(s.CostSpentUsd / c) : 0;
        var ratio = Math.Round(Math.Max(tokens, cost), 4);
        var near = s.Exceeded || ratio >= monitor.Value.BudgetWarnRatio;
        if (!always && near == (_watchedNear ?? false))
        {
            return;
        }

        _watchedNear = near;
        var entry = new BudgetWatchEntry(this.GetPrimaryKeyString(), ratio, s.TokensSpent, TokenLimit, s.CostSpentUsd, s.CostLimitUsd, s.Exceeded, near, now);
        GrainFactory.GetGrain<IBudgetWatchGrain>(IBudgetWatchGrain.Key).ReportAsync(entry).Ignore();
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (id, reservation) in _reservations.Where(r => r.Value.ExpiresAt <= now).ToList())
        {
            _reservations.Remove(id);
        }
    }

    private BudgetSnapshot Snapshot()
    {
        var s = state.State;
        return new BudgetSnapshot(
            this.GetPrimaryKeyString(),
            TokenLimit,
            s.CostLimitUsd,
            s.TokensSpent,
            s.CostSpentUsd,
            ReservedTokens,
            ReservedCost,
            s.Calls,
            s.Exceeded,
            s.EscalationId,
            s.UpdatedAt);
    }

    private readonly record struct Reservation(long Tokens, decimal Cost, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget {Ledger} deleted")]
    private partial void LogDeleted(string ledger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {EscalationId} for budget {Ledger}: {Reason}")]
    private partial void LogEscalated(string ledger, string escalationId, string reason);
}
