namespace Commune.Analytics;

/// <summary>
/// Team names. Explicit teams are any name given to <c>POST /v1/coordination/teams/{team}/members</c>; implicit ones follow from an
/// agent's registration: a pool's workers form <c>pool:{pool}</c>, and a parent with its spawned subagents forms <c>spawn:{parent}</c>.
/// A pull request's reviewers are <c>review:{owner}/{repo}#{number}</c>.
/// </summary>
public static class CoordinationTeams
{
    public const int MaxNameLength = 200;

    public static string Pool(string pool) => "pool:" + pool;

    public static string Spawn(string parent) => "spawn:" + parent;

    public static string Review(string pullRequestKey) => "review:" + pullRequestKey;

    /// <summary>The parent of a <c>spawn:</c> team, which belongs to it too; null for other teams.</summary>
    public static string? SpawnParent(string team) => team.StartsWith("spawn:", StringComparison.Ordinal) ? team["spawn:".Length..] : null;

    /// <summary>Why a name cannot be a team, or null when it can.</summary>
    public static string? Problem(string? team) =>
        string.IsNullOrWhiteSpace(team) ? "team must be a non-empty name."
        : team.Length > MaxNameLength ? $"team must be at most {MaxNameLength} characters."
        : team.Any(char.IsControl) ? "team must not contain control characters."
        : null;
}
