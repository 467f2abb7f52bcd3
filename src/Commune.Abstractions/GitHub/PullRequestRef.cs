using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Commune.GitHub;

/// <summary>
/// One pull request: <c>owner/repo#number</c>, which is also the key of its session grain. GitHub names are case-insensitive, so the key
/// uses them lower-cased: every event on a PR reaches the same grain however a payload spells the repository.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.PullRequestRef")]
public sealed partial record PullRequestRef([property: Id(0)] string Owner, [property: Id(1)] string Repo, [property: Id(2)] int Number)
{
    /// <summary>The session grain's key.</summary>
    public string Key => $"{Owner}/{Repo}#{Number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The PR's budget ledger session id (ledger key <c>session:github:owner/repo#n</c>).</summary>
    public string BudgetSession => "github:" + Key;

    /// <summary>The key of the review of one head SHA: <c>owner/repo#n@sha</c>.</summary>
    public string ReviewKey(string headSha) => Key + "@" + headSha.ToLowerInvariant();

    public override string ToString() => Key;

    /// <summary>A normalised ref, or null when a part is not a valid GitHub name or the number is not positive.</summary>
    public static PullRequestRef? Create(string? owner, string? repo, long number) =>
        IsName(owner) && IsName(repo) && number is > 0 and <= int.MaxValue
            ? new PullRequestRef(owner!.ToLowerInvariant(), repo!.ToLowerInvariant(), (int)number)
            : null;

    /// <summary>Parses a session key (<c>owner/repo#number</c>).</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out PullRequestRef? pr)
    {
        pr = null;
        var match = key is null ? null : KeyPattern().Match(key);
        if (match is not { Success: true } || !long.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        pr = Create(match.Groups[1].Value, match.Groups[2].Value, number);
        return pr is not null;
    }

    /// <summary>GitHub's rules: owners are alphanumeric with single hyphens (≤ 39), repositories alphanumeric plus <c>-_.</c> (≤ 100).</summary>
    public static bool IsName(string? name) => name is { Length: > 0 and <= 100 } && name is not "." and not ".." && NamePattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^([^/#]+)/([^/#]+)#([0-9]{1,10})\z")]
    private static partial Regex KeyPattern();
}
