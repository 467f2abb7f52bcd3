using System.Globalization;
using System.Text;
using Commune.GitHub;

namespace Commune.Grains.GitHub.Review;

/// <summary>The one summary of a review and the review body posted to GitHub.</summary>
public static class ReviewReport
{
    public const int MaxBody = 60_000;

    /// <summary>One line: verdict, blocking findings, the rest, what the validator rejected and what was demoted.</summary>
    public static string Summary(string verdict, IReadOnlyList<ReviewFinding> findings, IReadOnlyList<ReviewerRun> runs, bool diffIncluded)
    {
        var blocking = findings.Where(ReviewMerger.Blocks).ToList();
        var rejected = findings.Count(f => f.Confirmed == false);
        var demoted = findings.Count(f => f.Demoted && f.Confirmed != false);
        var others = findings.Count - blocking.Count - rejected - demoted;
        var text = new StringBuilder(verdict).Append(": ");
        text.Append(blocking.Count == 0
            ? "no blocking findings"
            : $"{blocking.Count} blocking ({string.Join(", ", blocking.GroupBy(f => f.Severity).OrderBy(g => ReviewSeverity.Rank(g.Key)).Select(g => $"{g.Count()} {g.Key}"))})");
        text.Append(CultureInfo.InvariantCulture, $", {others} other");
        if (rejected > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {rejected} rejected by the validator");
        }

        if (demoted > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {demoted} demoted (reviewer precision below threshold)");
        }

        var failed = runs.Where(r => r.Error is not null).Select(r => r.Role).ToList();
        if (failed.Count > 0)
        {
            text.Append("; no usable answer from ").Append(string.Join(", ", failed));
        }

        if (!diffIncluded)
        {
            text.Append("; the diff was unavailable, reviewed on the description only");
        }

        if (runs.Any(r => r.Simulated))
        {
            text.Append("; simulated provider answered (not a real model review)");
        }

        return text.Append('.').ToString();
    }

    /// <summary>The review body: the summary, then every finding the validator did not reject, demoted ones apart.</summary>
    public static string Body(string summary, IReadOnlyList<ReviewFinding> findings, IReadOnlyList<ReviewerRun> runs)
    {
        var text = new StringBuilder("### Commune multi-model review\n\n").Append(summary).Append("\n\n");
        var shown = findings.Where(f => f.Confirmed != false && !f.Demoted).ToList();
        foreach (var f in shown)
        {
            Line(text, f);
        }

        var demoted = findings.Where(f => f.Confirmed != false && f.Demoted).ToList();
        if (demoted.Count > 0)
        {
            text.Append("\n<details><summary>Demoted (from reviewers with low measured precision in this area)</summary>\n\n");
            foreach (var f in demoted)
            {
                Line(text, f);
            }

            text.Append("\n</details>\n");
        }

        text.Append("\nReviewers: ")
            .Append(string.Join(", ", runs.Select(r => $"{r.Role} ({r.Profile}{(r.Model is null ? "" : ", " + r.Model)})")))
            .Append('\n');
        return text.Length <= MaxBody ? text.ToString() : text.ToString(0, MaxBody) + "\n…";
    }

    /// <summary>A line comment's text.</summary>
    public static string Comment(ReviewFinding f) =>
        $"**{f.Severity}** ({f.Focus}) {f.Title}\n\n{f.Detail}\n\n_Reported by {string.Join(", ", f.Reviewers)}{Validated(f)}._";

    private static void Line(StringBuilder text, ReviewFinding f)
    {
        var where = f.Path is null ? "" : f.Line is { } line ? $" `{f.Path}:{line.ToString(CultureInfo.InvariantCulture)}`" : $" `{f.Path}`";
        text.Append(CultureInfo.InvariantCulture, $"- **{f.Severity}** ({f.Focus}){where} {f.Title} — {f.Reviewers.Count} reviewer(s){Validated(f)}\n");
    }

    private static string Validated(ReviewFinding f) => f.Confirmed switch
    {
        true => ", confirmed by the validator",
        false => ", rejected by the validator",
        null => "",
    };
}
