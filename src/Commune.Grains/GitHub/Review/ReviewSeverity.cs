namespace Commune.Grains.GitHub.Review;

/// <summary>Severities, most severe first, and the words models use for them.</summary>
public static class ReviewSeverity
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];

    /// <summary>0 for critical … 3 for low.</summary>
    public static int Rank(string severity) => severity switch
    {
        Critical => 0,
        High => 1,
        Medium => 2,
        _ => 3,
    };

    /// <summary>Whether a finding of this severity can block the PR.</summary>
    public static bool Blocks(string severity) => severity is Critical or High;

    /// <summary>One of <see cref="All"/> for a model's word; unknown words are medium (neither blocking nor dismissed).</summary>
    public static string Normalize(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "critical" or "blocker" or "severe" => Critical,
        "high" or "major" or "error" => High,
        "low" or "minor" or "nit" or "nitpick" or "info" or "trivial" or "suggestion" => Low,
        _ => Medium,
    };
}
