using System.Globalization;
using Commune.GitHub;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// Turns what the reviewers reported into one ranked list and a verdict; pure so it can be tested exhaustively.
/// <para>Two candidates are the same finding when they name the same file (or both none), their lines are within <see cref="LineWindow"/>
/// (or either has none), and they share the focus area or their titles overlap by at least <see cref="TitleOverlap"/> of their words; for
/// findings without a file the titles must overlap. Sameness is closed transitively (connected components), so the result does not
/// depend on the order the reviewers answered in.</para>
/// <para>Score is the number of distinct reviewers that reported the finding, plus <see cref="ConfirmationBonus"/> when the validator
/// confirmed it. Order: not rejected before rejected, not demoted before demoted, then severity, then score (higher first), then file,
/// line and title.</para>
/// </summary>
public static class ReviewMerger
{
    public const int LineWindow = 3;
    public const double TitleOverlap = 0.5;
    public const double ConfirmationBonus = 0.5;

    public const string Approve = "APPROVE";
    public const string RequestChanges = "REQUEST_CHANGES";

    /// <summary>
    /// Merges candidates into findings with ids <c>f1</c>… in rank order. <paramref name="demotes"/> says whether a (profile, focus) has
    /// low measured precision: a non-critical finding all of whose reviewers are low-precision in its focus is demoted.
    /// </summary>
    public static IReadOnlyList<ReviewFinding> Merge(IEnumerable<CandidateFinding> candidates, Func<string, string, bool>? demotes = null) =>
        [.. Groups(candidates, demotes).Select(g => g.Finding)];

    /// <summary><see cref="Merge"/>, also saying which candidates (by position) each finding absorbed.</summary>
    public static IReadOnlyList<(ReviewFinding Finding, IReadOnlyList<int> Members)> Groups(
        IEnumerable<CandidateFinding> candidates, Func<string, string, bool>? demotes = null)
    {
        var items = candidates.Select(Normalize).ToList();
        var parent = Enumerable.Range(0, items.Count).ToArray();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (Same(items[i], items[j]))
                {
                    Union(parent, i, j);
                }
            }
        }

        var groups = Enumerable.Range(0, items.Count)
            .GroupBy(i => Find(parent, i))
            .Select(group => (Finding: Combine([.. group.Select(i => items[i])], demotes), Members: (IReadOnlyList<int>)[.. group]))
            .ToList();
        var members = new Dictionary<ReviewFinding, IReadOnlyList<int>>(ReferenceEqualityComparer.Instance);
        foreach (var (finding, group) in groups)
        {
            members[finding] = group;
        }

        return [.. Rank(groups.Select(g => g.Finding))
            .Select((f, i) => (f with { Id = "f" + (i + 1).ToString(CultureInfo.InvariantCulture) }, members[f]))];
    }

    /// <summary>
    /// Applies the validator's word (finding id → confirmed) and re-ranks. Ids the validator did not name stay unvalidated; ids it
    /// invented are ignored: the validator cannot add findings.
    /// </summary>
    public static IReadOnlyList<ReviewFinding> Validate(IReadOnlyList<ReviewFinding> findings, IReadOnlyDictionary<string, bool> verdicts)
    {
        var validated = findings.Select(f => verdicts.TryGetValue(f.Id, out var confirmed)
            ? f with { Confirmed = confirmed, Score = Score(f.Reviewers.Count, confirmed) }
            : f);
        return Rank(validated);
    }

    /// <summary>REQUEST_CHANGES when a critical or high finding remains that the validator did not reject and that is not demoted.</summary>
    public static string Verdict(IEnumerable<ReviewFinding> findings) =>
        findings.Any(Blocks) ? RequestChanges : Approve;

    /// <summary>Whether a finding counts toward REQUEST_CHANGES.</summary>
    public static bool Blocks(ReviewFinding finding) =>
        ReviewSeverity.Blocks(finding.Severity) && finding.Confirmed != false && !finding.Demoted;

    public static double Score(int reviewers, bool? confirmed) => reviewers + (confirmed == true ? ConfirmationBonus : 0);

    /// <summary>The order findings are shown and posted in (stable, total over content).</summary>
    public static IReadOnlyList<ReviewFinding> Rank(IEnumerable<ReviewFinding> findings) =>
    [
        .. findings
            .OrderBy(f => f.Confirmed == false ? 1 : 0)
            .ThenBy(f => f.Demoted ? 1 : 0)
            .ThenBy(f => ReviewSeverity.Rank(f.Severity))
            .ThenByDescending(f => f.Score)
            .ThenBy(f => f.Path ?? "\uffff", StringComparer.Ordinal)
            .ThenBy(f => f.Line ?? int.MaxValue)
            .ThenBy(f => f.Title, StringComparer.Ordinal)
            .ThenBy(f => f.Focus, StringComparer.Ordinal)
            .ThenBy(f => string.Join(',', f.Reviewers), StringComparer.Ordinal),
    ];

    /// <summary>Whether two candidates describe the same problem.</summary>
    public static bool Same(CandidateFinding a, CandidateFinding b)
    {
        if (!string.Equals(a.Path, b.Path, StringComparison.Ordinal))
        {
            return false;
        }

        if (a.Line is { } la && b.Line is { } lb && Math.Abs(la - lb) > LineWindow)
        {
            return false;
        }

        var similarTitles = Overlap(a.Title, b.Title) >= TitleOverlap;
        return a.Path is null ? similarTitles : similarTitles || string.Equals(a.Focus, b.Focus, StringComparison.Ordinal);
    }

    /// <summary>Shared words over the smaller title's words (case-insensitive, words of 3+ letters or digits).</summary>
    public static double Overlap(string a, string b)
    {
        var x = Words(a);
        var y = Words(b);
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / Math.Min(x.Count, y.Count);
    }

    /// <summary>A file path as GitHub names it: no <c>a/</c>, <c>b/</c>, <c>./</c> or leading slash, forward slashes.</summary>
    public static string? NormalizePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var p = path.Trim().Replace('\\', '/');
        if (p.StartsWith("a/", StringComparison.Ordinal) || p.StartsWith("b/", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        p = p.TrimStart('/');
        return p.Length == 0 ? null : p;
    }

    private static CandidateFinding Normalize(CandidateFinding c) => c with
    {
        Focus = c.Focus.Trim().ToLowerInvariant(),
        Severity = ReviewSeverity.Normalize(c.Severity),
        Title = c.Title.Trim(),
        Detail = c.Detail.Trim(),
        Path = NormalizePath(c.Path),
        Line = c.Line is > 0 ? c.Line : null,
    };

    private static ReviewFinding Combine(IReadOnlyList<CandidateFinding> members, Func<string, string, bool>? demotes)
    {
        // The most severe report speaks for the group; ties go to content order so the choice does not depend on arrival order.
        var lead = members
            .OrderBy(m => ReviewSeverity.Rank(m.Severity))
            .ThenBy(m => m.Title, StringComparer.Ordinal)
            .ThenBy(m => m.Detail, StringComparer.Ordinal)
            .ThenBy(m => m.Reviewer, StringComparer.Ordinal)
            .ThenBy(m => m.Focus, StringComparer.Ordinal)
            .ThenBy(m => m.Line ?? int.MaxValue)
            .First();
        var reviewers = members.Select(m => m.Reviewer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var demoted = demotes is not null && lead.Severity != ReviewSeverity.Critical && reviewers.All(r => demotes(r, lead.Focus));
        return new ReviewFinding(
            "", lead.Focus, lead.Severity, lead.Title, lead.Detail, lead.Path, lead.Line, reviewers, null, demoted, Score(reviewers.Count, null), null);
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                if (i - start >= 3)
                {
                    words.Add(text[start..i].ToLowerInvariant());
                }

                start = -1;
            }
        }

        return words;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            // The smaller root wins so the component's root never depends on which pair was joined first.
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
