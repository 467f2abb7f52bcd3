namespace Commune.Models;

/// <summary>Grain keys of budget ledgers: <c>session:…</c>, <c>task:…</c>, <c>key:…</c>.</summary>
public static class BudgetKey
{
    public static readonly IReadOnlyList<string> Kinds = ["session", "task", "key"];

    public static string Session(string id) => "session:" + id;

    public static string Task(string id) => "task:" + id;

    public static string ApiKey(string id) => "key:" + id;

    /// <summary>Whether <paramref name="kind"/> names a ledger kind.</summary>
    public static bool IsKind(string kind) => Kinds.Contains(kind);
}
