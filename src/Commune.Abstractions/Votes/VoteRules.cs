using System.Globalization;

namespace Commune.Votes;

/// <summary>The limits a vote must respect, checked by the vote grain and reported by the gateway as 422 problems.</summary>
public static class VoteRules
{
    /// <summary>The reserved choice for a voter who declines to pick an option; it may not be an option itself.</summary>
    public const string Abstain = "abstain";

    public const int MaxIdLength = 200;
    public const int MaxQuestionLength = 2000;
    public const int MinOptions = 2;
    public const int MaxOptions = 20;
    public const int MaxOptionLength = 200;
    public const int MinVoters = 1;
    public const int MaxVoters = 1000;
    public const int MaxVoterLength = 200;
    public const int MinDeadlineSeconds = 1;
    public const int MaxDeadlineSeconds = 604_800;
    public const double DefaultRequiredRatio = 0.5;
    public const int MaxRationaleLength = 2000;

    /// <summary>1 to <see cref="MaxIdLength"/> letters, digits, '-', '_', '.' or ':' — safe in a URL path and a topic name.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    /// <summary>What is wrong with <paramref name="spec"/> (the first problem, naming the field), or null when it is acceptable.</summary>
    public static string? Check(VoteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Question) || spec.Question.Length > MaxQuestionLength)
        {
            return $"question must be 1 to {MaxQuestionLength} characters and not blank.";
        }

        if (spec.Options is null || spec.Options.Count is < MinOptions or > MaxOptions)
        {
            return $"options must list {MinOptions} to {MaxOptions} choices, not {spec.Options?.Count ?? 0}.";
        }

        var seenOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < spec.Options.Count; i++)
        {
            var option = spec.Options[i];
            if (Name(option, MaxOptionLength) is { } problem)
            {
                return $"options[{i}] {problem}.";
            }

            if (string.Equals(option, Abstain, StringComparison.OrdinalIgnoreCase))
            {
                return $"options[{i}] is '{option}': \"{Abstain}\" is reserved (every voter may abstain) and cannot be an option.";
            }

            if (!seenOptions.Add(option))
            {
                return $"options[{i}] '{option}' repeats an earlier option (options are compared ignoring case).";
            }
        }

        if (spec.Voters is null || spec.Voters.Count is < MinVoters or > MaxVoters)
        {
            return $"voters must list {MinVoters} to {MaxVoters} voters, not {spec.Voters?.Count ?? 0}.";
        }

        var seenVoters = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Voters.Count; i++)
        {
            var voter = spec.Voters[i];
            if (Name(voter, MaxVoterLength) is { } problem)
            {
                return $"voters[{i}] {problem}.";
            }

            if (!seenVoters.Add(voter))
            {
                return $"voters[{i}] '{voter}' is listed twice; each voter casts one ballot.";
            }
        }

        if (spec.DeadlineSeconds is < MinDeadlineSeconds or > MaxDeadlineSeconds)
        {
            return $"deadline_seconds must be {MinDeadlineSeconds} to {MaxDeadlineSeconds} (7 days), not {spec.DeadlineSeconds}.";
        }

        if (!(spec.RequiredRatio > 0 && spec.RequiredRatio <= 1))
        {
            return $"required_ratio must be above 0 and at most 1 (the share of eligible voters the winner needs), not {spec.RequiredRatio.ToString(CultureInfo.InvariantCulture)}.";
        }

        return Name(spec.CreatedBy, MaxVoterLength) is { } createdBy ? $"created_by {createdBy}." : null;
    }

    /// <summary>Why <paramref name="rationale"/> is unacceptable, or null.</summary>
    public static string? CheckRationale(string? rationale) =>
        rationale is { Length: > MaxRationaleLength } ? $"rationale must be at most {MaxRationaleLength} characters, not {rationale.Length}." : null;

    private static string? Name(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be empty";
        }

        if (value.Length > maxLength)
        {
            return $"must be at most {maxLength} characters, not {value.Length}";
        }

        return value.Any(char.IsControl) ? "must not contain control characters" : null;
    }
}
