namespace Commune.Models;

/// <summary>A token and dollar ledger keyed <c>session:…</c>, <c>task:…</c> or <c>key:…</c>.</summary>
[Alias("commune.models.IBudgetGrain")]
public interface IBudgetGrain : IGrainWithStringKey
{
    /// <summary>Reserves a call's estimate, or refuses it when that would pass a limit (an escalation is recorded).</summary>
    Task<BudgetReservation> ReserveAsync(BudgetRequest request);

    /// <summary>Replaces a reservation with what the call actually used (zero for a call that produced nothing).</summary>
    Task<BudgetSnapshot> SettleAsync(Guid reservationId, long tokens, decimal costUsd);

    /// <summary>The ledger.</summary>
    Task<BudgetSnapshot> GetAsync();

    /// <summary>Sets or clears (null) the limits; raising them above the spend clears the exceeded flag.</summary>
    Task<BudgetSnapshot> SetLimitsAsync(long? tokenLimit, decimal? costLimitUsd);

    /// <summary>
    /// Deletes the ledger from storage (its owner is gone: an ephemeral session that expired). Idempotent; a later charge starts a new,
    /// empty ledger. Escalations it raised stay in the escalation log.
    /// </summary>
    Task DeleteAsync();
}
