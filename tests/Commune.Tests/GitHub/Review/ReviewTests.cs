using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.GitHub;
using Commune.Models;
using Orleans.Core.Internal;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using static Commune.Tests.GitHub.Review.ReviewGatewayFixture;

namespace Commune.Tests.GitHub.Review;

/// <summary>
/// The multi-model review end to end on an embedded gateway: the review grain started as the PR session starts it, reviewers answering
/// from a fake provider over real HTTP, the result read over the API and the post recorded by the test GitHub output.
/// </summary>
[Collection(ReviewGatewayCollection.Name)]
public sealed class ReviewTests(ReviewGatewayFixture fixture)
{
    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Reviewers_run_in_parallel_each_through_its_own_profile_and_one_verdict_is_posted()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Users.cs", "tests/UsersTests.cs"));
        // Each answer waits 1.5 s before its headers: reviewers called one after another would arrive at least that far apart.
        var delay = TimeSpan.FromSeconds(1.5);
        fixture.Script(
            style: Findings(Finding("low", "Method name does not say what it returns", "src/Users.cs", 5)).After(delay),
            security: Findings(Finding("high", "SQL injection in user lookup", "src/Users.cs", 10)).After(delay),
            performance: Findings(Finding("medium", "Query per user in a loop", "src/Users.cs", 30)).After(delay),
            tests: Findings(Finding("medium", "No test for an unknown user", "tests/UsersTests.cs", 3)).After(delay),
            validator: Verdicts(("f1", "confirm"), ("f2", "confirm"), ("f3", "confirm"), ("f4", "confirm")));

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("completed", review.GetProperty("status").GetString());
        Assert.Equal("REQUEST_CHANGES", review.GetProperty("verdict").GetString());
        var reviewerCalls = new[] { "style", "security", "performance", "tests" }.Select(role => Assert.Single(fixture.CallsFor(role, pr, sha))).ToList();
        Assert.Single(fixture.CallsFor("validator", pr, sha));
        Assert.True(reviewerCalls.Max(r => r.ReceivedAt) - reviewerCalls.Min(r => r.ReceivedAt) < delay, "the reviewers were not called in parallel");
        // Each role has its own prompt: the security reviewer is asked about security, the tests reviewer about tests.
        Assert.Contains("Your role: security", reviewerCalls[1].Body, StringComparison.Ordinal);
        Assert.Contains("Your role: tests", reviewerCalls[3].Body, StringComparison.Ordinal);
        Assert.Contains("+++ b/src/Users.cs", reviewerCalls[0].Body, StringComparison.Ordinal);

        var runs = review.GetProperty("reviewers").EnumerateArray().ToList();
        Assert.Equal(["performance", "security", "style", "tests", "validator"], runs.Select(r => r.GetProperty("role").GetString()));
        Assert.Equal(["review-performance", "review-security", "review-style", "review-tests", "review-validator"], runs.Select(r => r.GetProperty("profile").GetString()));
        Assert.All(runs, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.Equal("an1/rv-security", runs[1].GetProperty("model").GetString());
        Assert.Equal("oa1/rv-style", runs[2].GetProperty("model").GetString());
        Assert.True(review.GetProperty("tokens_used").GetInt64() > 0);
        Assert.True(review.GetProperty("diff_included").GetBoolean());

        var findings = review.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["high", "medium", "medium", "low"], findings.Select(f => f.GetProperty("severity").GetString()));
        Assert.All(findings, f => Assert.True(f.GetProperty("confirmed").GetBoolean()));

        var post = Assert.Single(fixture.GitHub.ReviewsOn(pr));
        Assert.Equal("REQUEST_CHANGES", post.Event);
        Assert.Equal(sha, post.CommitSha);
        Assert.Equal(4, post.Comments.Count);
        Assert.Contains(post.Comments, c => c.Path == "src/Users.cs" && c.Line == 10 && c.Body.Contains("SQL injection", StringComparison.Ordinal));
        Assert.Contains("SQL injection in user lookup", post.Body, StringComparison.Ordinal);
        Assert.True(review.GetProperty("posted").GetProperty("recorded").GetBoolean());
    }

    [Fact]
    public async Task The_same_finding_from_two_reviewers_is_merged_and_ranks_above_a_single_reviewer_finding_of_the_same_severity()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Auth.cs", "src/Cache.cs"));
        fixture.Script(
            // The single-reviewer finding sorts first by file name, so only the second reviewer can lift the other above it.
            performance: Findings(Finding("high", "Cache grows without bound", "src/Auth.cs", 2)),
            security: Findings(Finding("high", "Session token compared with ==", "src/Cache.cs", 20)),
            style: Findings(Finding("high", "Token compared with == instead of a constant-time compare", "src/Cache.cs", 22, focus: "security")),
            validator: Verdicts());

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        var findings = review.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal(["review-security", "review-style"], Strings(findings[0].GetProperty("reviewers")));
        Assert.Equal("src/Cache.cs", findings[0].GetProperty("path").GetString());
        Assert.Equal(2, findings[0].GetProperty("score").GetDouble());
        Assert.Equal(["review-performance"], Strings(findings[1].GetProperty("reviewers")));
        Assert.Equal(1, findings[1].GetProperty("score").GetDouble());
        // The validator said nothing about them: unvalidated high findings still block.
        Assert.All(findings, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("confirmed").ValueKind));
        Assert.Equal("REQUEST_CHANGES", review.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_finding_the_validator_rejects_ranks_last_gets_no_line_comment_and_does_not_block()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Api.cs"));
        fixture.Script(
            security: Findings(Finding("critical", "Remote code execution through eval", "src/Api.cs", 7)),
            tests: Findings(Finding("low", "Assertion message could be clearer", "src/Api.cs", 30)),
            // f1 is the critical finding; the validator rejects it and tries to add f7, which does not exist.
            validator: Verdicts(("f1", "reject"), ("f2", "confirm"), ("f7", "confirm")));

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("APPROVE", review.GetProperty("verdict").GetString());
        var findings = review.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["f2", "f1"], findings.Select(f => f.GetProperty("id").GetString()));
        Assert.False(findings[1].GetProperty("confirmed").GetBoolean());
        Assert.True(findings[0].GetProperty("confirmed").GetBoolean());
        var post = Assert.Single(fixture.GitHub.ReviewsOn(pr));
        Assert.Equal("APPROVE", post.Event);
        Assert.Equal([30], post.Comments.Select(c => c.Line));
        Assert.Contains("1 rejected by the validator", review.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_on_a_line_outside_the_diffs_hunks_is_posted_in_the_body_without_a_line_comment()
    {
        // GitHub refuses a whole review whose line comment names a line outside the diff's hunks; the fixture's hunk is lines 1-40.
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Hunk.cs"));
        fixture.Script(
            security: Findings(Finding("high", "Token written to the log", "src/Hunk.cs", 12)),
            tests: Findings(Finding("low", "Untouched helper lacks a test", "src/Hunk.cs", 300)),
            validator: Verdicts(("f1", "confirm"), ("f2", "confirm")));

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("completed", review.GetProperty("status").GetString());
        var post = Assert.Single(fixture.GitHub.ReviewsOn(pr));
        Assert.Equal([12], post.Comments.Select(c => c.Line));
        Assert.Contains("Untouched helper lacks a test", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_with_nothing_blocking_approves_and_an_unparseable_reviewer_records_an_error_while_the_others_count()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Text.cs"));
        fixture.Script(
            style: FakeReply.Ok("This looks fine to me, nice work!"),
            performance: Findings(Finding("medium", "String concatenation in a loop", "src/Text.cs", 12)),
            validator: Verdicts(("f1", "confirm")));

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("completed", review.GetProperty("status").GetString());
        Assert.Equal("APPROVE", review.GetProperty("verdict").GetString());
        var style = review.GetProperty("reviewers").EnumerateArray().Single(r => r.GetProperty("role").GetString() == "style");
        Assert.Contains("no JSON", style.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(review.GetProperty("findings").EnumerateArray());
        Assert.Equal("APPROVE", Assert.Single(fixture.GitHub.ReviewsOn(pr)).Event);
    }

    [Fact]
    public async Task Without_a_diff_the_reviewers_are_told_to_review_the_description_only()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.Script();

        await fixture.StartAsync(pr, sha, title: "Rewrite the auth layer");
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("APPROVE", review.GetProperty("verdict").GetString());
        Assert.False(review.GetProperty("diff_included").GetBoolean());
        var prompt = Assert.Single(fixture.CallsFor("security", pr, sha)).Body;
        Assert.Contains("could not be fetched", prompt, StringComparison.Ordinal);
        Assert.Contains("Rewrite the auth layer", prompt, StringComparison.Ordinal);
        Assert.Empty(fixture.CallsFor("validator", pr, sha)); // nothing to validate
        Assert.Contains("description only", review.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_review_twice_for_one_sha_calls_each_model_once_and_posts_once()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Once.cs"));
        fixture.Script(
            security: Findings(Finding("high", "Secret in source", "src/Once.cs", 1)).After(TimeSpan.FromSeconds(1)),
            validator: Verdicts(("f1", "confirm")));

        await Task.WhenAll(fixture.StartAsync(pr, sha), fixture.StartAsync(pr, sha));
        await fixture.StartAsync(pr, sha); // while running
        var review = await fixture.FinishedAsync(pr, sha);
        await fixture.StartAsync(pr, sha); // after completion, e.g. a redelivered synchronize
        await fixture.StartAsync(pr, sha.ToUpperInvariant());
        await Task.Delay(500);

        Assert.Equal("completed", (await fixture.FinishedAsync(pr, sha)).GetProperty("status").GetString());
        foreach (var role in ReviewGatewayFixture.Models.Keys)
        {
            Assert.Single(fixture.CallsFor(role, pr, sha));
        }

        Assert.Single(fixture.GitHub.ReviewsOn(pr));
        Assert.Equal(review.GetProperty("posted").GetProperty("id").GetInt64(), (await fixture.FinishedAsync(pr, sha)).GetProperty("posted").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_review_cut_short_by_deactivation_ends_failed_without_posting_and_the_next_start_runs_it_again()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Slow.cs"));
        var slow = TimeSpan.FromSeconds(4);
        fixture.Script(
            style: Findings().After(slow),
            security: Findings(Finding("high", "Secret in source", "src/Slow.cs", 1)).After(slow),
            performance: Findings().After(slow),
            tests: Findings().After(slow));
        var grain = fixture.Grains.GetGrain<IPullRequestReviewGrain>(pr.ReviewKey(sha));

        await fixture.StartAsync(pr, sha);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (fixture.CallsFor("security", pr, sha).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var interrupted = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("failed", interrupted.GetProperty("status").GetString());
        Assert.Contains("interrupted", interrupted.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(interrupted.GetProperty("budget_exceeded").GetBoolean());
        Assert.Empty(fixture.GitHub.ReviewsOn(pr));

        fixture.Script(security: Findings(Finding("high", "Secret in source", "src/Slow.cs", 1)), validator: Verdicts(("f1", "confirm")));
        await fixture.StartAsync(pr, sha);
        var rerun = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("completed", rerun.GetProperty("status").GetString());
        Assert.Equal("REQUEST_CHANGES", rerun.GetProperty("verdict").GetString());
        Assert.Equal("REQUEST_CHANGES", Assert.Single(fixture.GitHub.ReviewsOn(pr)).Event);
    }

    [Fact]
    public async Task A_spent_PR_budget_stops_the_review_posts_nothing_and_reports_budget_exceeded()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        fixture.GitHub.SetDiff(pr, sha, Diff("src/Big.cs"));
        await fixture.Grains.GetGrain<IBudgetGrain>(BudgetKey.Session(pr.BudgetSession)).SetLimitsAsync(1, null);

        await fixture.StartAsync(pr, sha);
        var review = await fixture.FinishedAsync(pr, sha);

        Assert.Equal("failed", review.GetProperty("status").GetString());
        Assert.True(review.GetProperty("budget_exceeded").GetBoolean());
        Assert.Contains("budget_exceeded", review.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, review.GetProperty("verdict").ValueKind);
        Assert.Equal(JsonValueKind.Null, review.GetProperty("posted").ValueKind);
        Assert.Empty(review.GetProperty("findings").EnumerateArray());
        Assert.Empty(fixture.GitHub.ReviewsOn(pr));
        foreach (var role in ReviewGatewayFixture.Models.Keys)
        {
            Assert.Empty(fixture.CallsFor(role, pr, sha));
        }

        // Raising the budget and starting again runs the review: a failed review may be retried.
        await fixture.Grains.GetGrain<IBudgetGrain>(BudgetKey.Session(pr.BudgetSession)).SetLimitsAsync(null, null);
        fixture.Script();
        await fixture.StartAsync(pr, sha);
        var retried = await fixture.FinishedAsync(pr, sha);
        Assert.Equal("completed", retried.GetProperty("status").GetString());
        Assert.Single(fixture.GitHub.ReviewsOn(pr));
    }

    [Fact]
    public async Task Marking_a_reviewers_findings_as_noise_shows_its_precision_and_demotes_its_non_critical_findings_in_new_reviews()
    {
        // A focus area of its own keeps this calibration apart from the other tests' style findings.
        var focus = "naming-" + Guid.NewGuid().ToString("N")[..6];
        var pr = NewPullRequest();
        var sha = NewSha();
        var files = Enumerable.Range(1, 5).Select(i => $"src/N{i}.cs").ToArray();
        fixture.GitHub.SetDiff(pr, sha, Diff(files));
        fixture.Script(
            style: Findings([.. files.Select(f => Finding("medium", "Unclear name in " + f, f, 4, focus))]),
            validator: Verdicts());
        await fixture.StartAsync(pr, sha);
        var first = await fixture.FinishedAsync(pr, sha);
        var ids = first.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.Equal(5, ids.Count);

        foreach (var id in ids)
        {
            var marked = await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/{id}/feedback", new { verdict = "noise", by = "maintainer" });
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        // The same mark again and a changed mind: each finding counts once.
        await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/{ids[0]}/feedback", new { verdict = "noise" });
        var changed = await Json.ReadAsync(await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/{ids[1]}/feedback", new { verdict = "useful" }));
        Assert.Equal("useful", changed.GetProperty("feedback").GetString());

        var calibration = await Json.ReadAsync(await fixture.Client.GetAsync("/v1/reviews/calibration"));
        Assert.Equal(0.5, calibration.GetProperty("min_precision").GetDouble());
        Assert.Equal(5, calibration.GetProperty("min_feedback").GetInt32());
        var style = calibration.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("profile").GetString() == "review-style");
        var naming = style.GetProperty("focus").EnumerateArray().Single(f => f.GetProperty("focus").GetString() == focus);
        Assert.Equal(1, naming.GetProperty("useful").GetInt32());
        Assert.Equal(4, naming.GetProperty("noise").GetInt32());
        Assert.Equal(0.2, naming.GetProperty("precision").GetDouble(), 6);
        Assert.True(naming.GetProperty("demoted").GetBoolean());
        Assert.Contains(calibration.GetProperty("profiles").EnumerateArray(), p => p.GetProperty("profile").GetString() == "review-security");

        var reread = await fixture.FinishedAsync(pr, sha);
        var marks = reread.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("feedback").GetString());
        Assert.Equal("useful", marks[ids[1]]);
        Assert.Equal("noise", marks[ids[0]]);

        // A new review: the style reviewer's high finding in that focus is demoted and no longer blocks; its critical one is not.
        var next = NewSha();
        fixture.GitHub.SetDiff(pr, next, Diff("src/N1.cs", "src/N2.cs"));
        fixture.Script(
            style: Findings(Finding("high", "Misleading name", "src/N1.cs", 8, focus)),
            performance: Findings(Finding("low", "Extra allocation", "src/N2.cs", 2)),
            validator: Verdicts());
        await fixture.StartAsync(pr, next);
        var second = await fixture.FinishedAsync(pr, next);

        Assert.Equal("APPROVE", second.GetProperty("verdict").GetString());
        var findings = second.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["Extra allocation", "Misleading name"], findings.Select(f => f.GetProperty("title").GetString()));
        Assert.True(findings[1].GetProperty("demoted").GetBoolean());
        Assert.False(findings[0].GetProperty("demoted").GetBoolean());
        Assert.Contains("demoted", second.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Assert.Single(fixture.GitHub.ReviewsOn(pr), r => r.CommitSha == next).Comments, c => c.Path == "src/N1.cs");

        var third = NewSha();
        fixture.GitHub.SetDiff(pr, third, Diff("src/N3.cs"));
        fixture.Script(style: Findings(Finding("critical", "Name shadows the security context", "src/N3.cs", 8, focus)), validator: Verdicts());
        await fixture.StartAsync(pr, third);
        var critical = await fixture.FinishedAsync(pr, third);
        Assert.Equal("REQUEST_CHANGES", critical.GetProperty("verdict").GetString());
        Assert.False(Assert.Single(critical.GetProperty("findings").EnumerateArray()).GetProperty("demoted").GetBoolean());
    }

    [Fact]
    public async Task Bad_names_unknown_reviews_and_findings_and_bad_verdicts_are_problems()
    {
        var pr = NewPullRequest();
        var sha = NewSha();
        var none = await fixture.Client.GetAsync(Route(pr, sha));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("review_not_found", (await Json.ReadAsync(none)).GetProperty("code").GetString());

        foreach (var bad in new[]
        {
            $"/v1/sessions/github/bad!owner/repo/pulls/1/reviews/{sha}",
            $"/v1/sessions/github/owner/repo/pulls/0/reviews/{sha}",
            $"/v1/sessions/github/owner/repo/pulls/x/reviews/{sha}",
            "/v1/sessions/github/owner/repo/pulls/1/reviews/not-a-sha",
        })
        {
            var response = await fixture.Client.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var unknownReview = await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f1/feedback", new { verdict = "noise" });
        Assert.Equal(HttpStatusCode.NotFound, unknownReview.StatusCode);

        fixture.GitHub.SetDiff(pr, sha, Diff("src/E.cs"));
        fixture.Script(tests: Findings(Finding("low", "Missing test", "src/E.cs", 1)), validator: Verdicts());
        await fixture.StartAsync(pr, sha);
        await fixture.FinishedAsync(pr, sha);

        var unknownFinding = await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f9/feedback", new { verdict = "noise" });
        Assert.Equal(HttpStatusCode.NotFound, unknownFinding.StatusCode);
        Assert.Equal("finding_not_found", (await Json.ReadAsync(unknownFinding)).GetProperty("code").GetString());

        var badVerdict = await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f1/feedback", new { verdict = "meh" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badVerdict.StatusCode);
        Assert.Contains("useful", (await Json.ReadAsync(badVerdict)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f1/feedback", new { by = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f1/feedback", new { verdict = "noise", by = new string('x', 101) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client.PostAsJsonAsync($"{Route(pr, sha)}/findings/f%201/feedback", new { verdict = "noise" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client.PostAsync($"{Route(pr, sha)}/findings/f1/feedback", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await fixture.Client.PostAsync($"{Route(pr, sha)}/findings/f1/feedback", new StringContent("noise"))).StatusCode);

        // None of the refused marks reached the finding.
        var review = await fixture.FinishedAsync(pr, sha);
        Assert.Equal(JsonValueKind.Null, Assert.Single(review.GetProperty("findings").EnumerateArray()).GetProperty("feedback").ValueKind);
    }
}
