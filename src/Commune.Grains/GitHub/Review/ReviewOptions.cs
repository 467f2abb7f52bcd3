namespace Commune.Grains.GitHub.Review;

/// <summary>
/// The multi-model review, bound from <c>GitHub:Review</c>: which profile plays each reviewer role, the validator, how much diff the
/// reviewers see, and the calibration thresholds below which a reviewer's non-critical findings are demoted.
/// </summary>
public sealed class ReviewOptions
{
    public const string SectionName = "GitHub:Review";

    /// <summary>Reviewer roles and their profiles. A role set to an empty profile is turned off.</summary>
    public Dictionary<string, string> Reviewers { get; set; } = new(StringComparer.Ordinal)
    {
        [ReviewRoles.Style] = "review-style",
        [ReviewRoles.Security] = "review-security",
        [ReviewRoles.Performance] = "review-performance",
        [ReviewRoles.Tests] = "review-tests",
    };

    /// <summary>The validator's profile; it confirms or rejects findings and never adds any.</summary>
    public string Validator { get; set; } = "review-validator";

    /// <summary>The diff is cut at this many characters before it reaches the reviewers.</summary>
    public int MaxDiffChars { get; set; } = 60_000;

    /// <summary>Findings kept from one reviewer's answer (the most severe first).</summary>
    public int MaxFindingsPerReviewer { get; set; } = 25;

    /// <summary>A profile's focus area with at least <see cref="MinFeedback"/> marks and a precision below this is demoted.</summary>
    public double MinPrecision { get; set; } = 0.5;

    /// <summary>Marks needed before a precision is trusted enough to demote.</summary>
    public int MinFeedback { get; set; } = 5;

    /// <summary>Output cap of each reviewer call.</summary>
    public int MaxTokens { get; set; } = 4096;

    /// <summary>The enabled roles and their profiles, ordered by role.</summary>
    public IReadOnlyList<(string Role, string Profile)> Roles() =>
        [.. Reviewers.Where(r => !string.IsNullOrWhiteSpace(r.Value)).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value.Trim()))];

    /// <summary>Whether marks <paramref name="useful"/>/<paramref name="noise"/> demote a focus area.</summary>
    public bool Demotes(int useful, int noise) =>
        useful + noise >= MinFeedback && (double)useful / (useful + noise) < MinPrecision;

    /// <summary>What is wrong with the settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (Roles().Count == 0)
        {
            yield return $"{SectionName}:Reviewers must name at least one reviewer profile.";
        }

        if (string.IsNullOrWhiteSpace(Validator))
        {
            yield return $"{SectionName}:Validator must name a profile.";
        }

        if (MaxDiffChars < 1_000)
        {
            yield return $"{SectionName}:MaxDiffChars must be at least 1000.";
        }

        if (MaxFindingsPerReviewer < 1)
        {
            yield return $"{SectionName}:MaxFindingsPerReviewer must be at least 1.";
        }

        if (MinPrecision is < 0 or > 1 || double.IsNaN(MinPrecision))
        {
            yield return $"{SectionName}:MinPrecision must be between 0 and 1.";
        }

        if (MinFeedback < 1)
        {
            yield return $"{SectionName}:MinFeedback must be at least 1.";
        }

        if (MaxTokens < 256)
        {
            yield return $"{SectionName}:MaxTokens must be at least 256.";
        }
    }
}
