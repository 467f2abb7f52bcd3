using Commune.GitHub;
using Commune.Grains.GitHub.Review;
using FsCheck;
using FsCheck.Fluent;

namespace Commune.Tests.GitHub.Review;

/// <summary>The pure merge, rank and verdict of a review: examples of each rule, then properties over random reviews.</summary>
public sealed class ReviewMergerTests
{
    private static CandidateFinding C(string reviewer, string severity, string title, string? path = "src/a.cs", int? line = 10, string focus = "security") =>
        new(reviewer, focus, severity, title, "detail of " + title, path, line);

    [Fact]
    public void The_same_finding_from_two_reviewers_is_merged_listing_both_and_ranks_above_a_single_reviewer_finding_of_its_severity()
    {
        var findings = ReviewMerger.Merge(
        [
            C("review-style", "high", "Unvalidated redirect target", path: "src/b.cs", line: 3),
            C("review-security", "high", "SQL injection in user lookup", line: 10),
            C("review-performance", "high", "SQL injection via string concatenation in lookup", line: 12, focus: "performance"),
        ]);

        Assert.Equal(2, findings.Count);
        Assert.Equal(["review-performance", "review-security"], findings[0].Reviewers);
        Assert.Equal("f1", findings[0].Id);
        Assert.Equal(2, findings[0].Score);
        Assert.Equal(["review-style"], findings[1].Reviewers);
        Assert.Equal(1, findings[1].Score);
    }

    [Fact]
    public void Findings_merge_only_on_the_same_file_within_the_line_window_and_with_the_same_focus_or_similar_titles()
    {
        Assert.True(ReviewMerger.Same(C("a", "low", "Null check missing", line: 10), C("b", "low", "Unrelated words entirely", line: 13)));
        Assert.False(ReviewMerger.Same(C("a", "low", "Null check missing", line: 10), C("b", "low", "Null check missing", line: 14)));
        Assert.False(ReviewMerger.Same(C("a", "low", "Null check missing"), C("b", "low", "Null check missing", path: "src/other.cs")));
        Assert.False(ReviewMerger.Same(C("a", "low", "Null check missing"), C("b", "low", "Quadratic loop over users", focus: "performance")));
        Assert.True(ReviewMerger.Same(C("a", "low", "Missing null check on user"), C("b", "low", "null check missing for user", focus: "style")));
        // Without a file only the titles can say two findings are one.
        Assert.False(ReviewMerger.Same(C("a", "low", "No tests for the parser", path: null), C("b", "low", "Flaky timing in retry", path: null)));
        Assert.True(ReviewMerger.Same(C("a", "low", "No tests for the parser", path: null), C("b", "low", "Parser has no tests", path: null, focus: "tests")));
    }

    [Fact]
    public void The_same_reviewer_twice_is_one_reviewer_and_the_most_severe_report_speaks_for_the_group()
    {
        var finding = Assert.Single(ReviewMerger.Merge(
        [
            C("review-security", "medium", "Token logged", line: 20),
            C("review-security", "critical", "Token written to the log", line: 21),
        ]));

        Assert.Equal(["review-security"], finding.Reviewers);
        Assert.Equal("critical", finding.Severity);
        Assert.Equal("Token written to the log", finding.Title);
    }

    [Fact]
    public void A_rejected_finding_ranks_last_and_does_not_block_while_an_unvalidated_high_one_blocks()
    {
        var merged = ReviewMerger.Merge([C("s", "critical", "Remote code execution"), C("t", "low", "Typo", path: "README.md", focus: "style")]);
        var rejected = ReviewMerger.Validate(merged, new Dictionary<string, bool> { ["f1"] = false, ["f9"] = true });

        Assert.Equal(["f2", "f1"], rejected.Select(f => f.Id));
        Assert.False(rejected[1].Confirmed);
        Assert.Null(rejected[0].Confirmed); // the validator's invented f9 changed nothing
        Assert.Equal(ReviewMerger.Approve, ReviewMerger.Verdict(rejected));
        Assert.Equal(ReviewMerger.RequestChanges, ReviewMerger.Verdict(merged));

        var confirmed = ReviewMerger.Validate(merged, new Dictionary<string, bool> { ["f1"] = true });
        Assert.Equal(1.5, confirmed[0].Score);
        Assert.True(confirmed[0].Confirmed);
    }

    [Fact]
    public void Demotion_needs_every_reporting_reviewer_to_be_low_precision_and_never_touches_critical_findings()
    {
        bool Low(string profile, string focus) => profile == "noisy" && focus == "security";

        var findings = ReviewMerger.Merge(
        [
            C("noisy", "high", "Weak hash", path: "a.cs"),
            C("noisy", "critical", "Hard-coded password", path: "b.cs"),
            C("noisy", "high", "Missing authorisation check", path: "c.cs"),
            C("careful", "high", "Missing authorisation check", path: "c.cs"),
            C("noisy", "medium", "Confusing name", path: "d.cs", focus: "style"),
        ], Low);

        Assert.True(findings.Single(f => f.Path == "a.cs").Demoted);
        Assert.False(findings.Single(f => f.Path == "b.cs").Demoted);
        Assert.False(findings.Single(f => f.Path == "c.cs").Demoted);
        Assert.False(findings.Single(f => f.Path == "d.cs").Demoted);
        Assert.Equal("a.cs", findings[^1].Path); // demoted ranks below everything not demoted
        Assert.Equal(ReviewMerger.Approve, ReviewMerger.Verdict([findings.Single(f => f.Path == "a.cs")]));
    }

    [Fact]
    public void Paths_are_normalised_as_GitHub_names_them()
    {
        Assert.Equal("src/a.cs", ReviewMerger.NormalizePath("b/src/a.cs"));
        Assert.Equal("src/a.cs", ReviewMerger.NormalizePath("./src\\a.cs"));
        Assert.Equal("src/a.cs", ReviewMerger.NormalizePath("/src/a.cs"));
        Assert.Null(ReviewMerger.NormalizePath("  "));
    }

    // --- Properties over random reviews: few files, lines and titles so that merges are common.

    private static readonly string[] Reviewers = ["r1", "r2", "r3", "r4"];
    private static readonly string[] Titles = ["Null check missing", "SQL injection in query", "Slow loop over users", "No tests for parser", "Token in log"];

    private static readonly Gen<CandidateFinding> Candidate =
        from reviewer in Gen.Elements(Reviewers)
        from focus in Gen.Elements("security", "style", "performance")
        from severity in Gen.Elements(ReviewSeverity.All.ToArray())
        from title in Gen.Elements(Titles)
        from path in Gen.Elements<string?>("a.cs", "b.cs", null)
        from line in Gen.Elements<int?>(1, 3, 5, 9, 20, null)
        select new CandidateFinding(reviewer, focus, severity, title, "d", path, line);

    private static readonly Arbitrary<List<CandidateFinding>> Reviews = Candidate.ListOf().Select(l => l.ToList()).ToArbitrary();

    private static string Shape(IEnumerable<ReviewFinding> findings) =>
        string.Join("|", findings.Select(f => $"{f.Id}:{f.Severity}:{f.Title}:{f.Path}:{f.Line}:{string.Join(",", f.Reviewers)}:{f.Score}:{f.Demoted}"));

    [Fact]
    public void Merging_does_not_depend_on_the_order_the_reviewers_answered_in()
    {
        Prop.ForAll(Reviews, Gen.Choose(0, int.MaxValue).ToArbitrary(), (candidates, seed) =>
        {
            var random = new Random(seed);
            List<CandidateFinding> shuffled = [.. candidates.Select(c => (c, k: random.Next())).OrderBy(p => p.k).Select(p => p.c)];
            return Shape(ReviewMerger.Merge(candidates)) == Shape(ReviewMerger.Merge(shuffled));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_second_independent_reviewer_reporting_a_finding_never_lowers_its_rank()
    {
        Prop.ForAll(Reviews, Gen.Choose(0, 1000).ToArbitrary(), (candidates, pick) =>
        {
            if (candidates.Count == 0)
            {
                return true;
            }

            var i = pick % candidates.Count;
            var before = ReviewMerger.Groups(candidates);
            var after = ReviewMerger.Groups([.. candidates, candidates[i] with { Reviewer = "independent" }]);
            var was = before.Select((g, k) => (g, k)).Single(p => p.g.Members.Contains(i));
            var now = after.Select((g, k) => (g, k)).Single(p => p.g.Members.Contains(i));
            return now.g.Members.Contains(candidates.Count) && now.k <= was.k && now.g.Finding.Score > was.g.Finding.Score
                && now.g.Finding.Reviewers.Contains("independent");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Raising_a_severity_never_turns_request_changes_into_approve()
    {
        Prop.ForAll(Reviews, Gen.Choose(0, 1000).ToArbitrary(), Gen.Elements(Reviewers).ToArbitrary(), (candidates, pick, noisy) =>
        {
            if (candidates.Count == 0)
            {
                return true;
            }

            bool Low(string profile, string focus) => profile == noisy;
            var i = pick % candidates.Count;
            var raised = candidates.ToList();
            raised[i] = raised[i] with { Severity = ReviewSeverity.All[Math.Max(0, ReviewSeverity.Rank(raised[i].Severity) - 1)] };
            var before = ReviewMerger.Verdict(ReviewMerger.Merge(candidates, Low));
            var after = ReviewMerger.Verdict(ReviewMerger.Merge(raised, Low));
            return before == ReviewMerger.Approve || after == ReviewMerger.RequestChanges;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
