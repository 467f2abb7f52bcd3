namespace Commune.Sessions;

/// <summary>Session ids and the ledger each session charges.</summary>
public static class SessionRules
{
    public const int MaxIdLength = 100;

    /// <summary>Taken by the pull-request sessions' routes (<c>/v1/sessions/github/…</c>).</summary>
    public const string Reserved = "github";

    /// <summary>Chat roles a session's opening messages may use.</summary>
    public static readonly IReadOnlyList<string> Roles = ["system", "user", "assistant"];

    /// <summary>
    /// 1 to <see cref="MaxIdLength"/> letters, digits, '-', '_' or '.', and not <see cref="Reserved"/>. No ':' keeps the ledger key
    /// unambiguous; no '/' keeps the id one URL segment.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') &&
        !string.Equals(id, Reserved, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The session's budget-scope id: ledger <c>session:ephemeral:{id}</c>. Its own namespace, because agents and chat callers charge
    /// <c>session:{their id}</c>, and expiry deletes this ledger: it must never be someone else's.
    /// </summary>
    public static string BudgetSession(string id) => "ephemeral:" + id;

    /// <summary>The ledger key (<c>session:ephemeral:{id}</c>).</summary>
    public static string Ledger(string id) => "session:" + BudgetSession(id);
}
