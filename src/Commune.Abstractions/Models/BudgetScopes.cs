namespace Commune.Models;

/// <summary>The ledgers a call is charged to; each one that is set must have room for the call's estimate.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.BudgetScopes")]
public sealed record BudgetScopes(
    [property: Id(0)] string? SessionId = null,
    [property: Id(1)] string? TaskId = null,
    [property: Id(2)] string? KeyId = null)
{
    public static BudgetScopes None { get; } = new();

    /// <summary>Ledger keys (<c>session:…</c>, <c>task:…</c>, <c>key:…</c>) for the scopes that are set.</summary>
    public IEnumerable<string> LedgerKeys()
    {
        if (!string.IsNullOrEmpty(SessionId))
        {
            yield return BudgetKey.Session(SessionId);
        }

        if (!string.IsNullOrEmpty(TaskId))
        {
            yield return BudgetKey.Task(TaskId);
        }

        if (!string.IsNullOrEmpty(KeyId))
        {
            yield return BudgetKey.ApiKey(KeyId);
        }
    }
}
