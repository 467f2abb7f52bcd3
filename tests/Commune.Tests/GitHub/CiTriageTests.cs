using System.Net;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.GitHub;

/// <summary>CI triage of failed checks: once per head SHA and check, through the ci-triage chain, posted to the (recording) outbox.</summary>
public sealed class CiTriageTests(GitHubGatewayFixture fixture) : IClassFixture<GitHubGatewayFixture>
{
    private GitHubWebhookClient Hooks => fixture.Webhooks;

    [Fact]
    public async Task A_failed_check_on_the_head_is_triaged_once_per_sha_and_check_and_a_new_head_is_triaged_again()
    {
        var pr = GitHubPayloads.Unique(21) with { CheckName = "unit-tests" };
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");

        var failure = Guid.NewGuid().ToString();
        await Hooks.DeliverAsync(pr, "check_run.completed", failure);
        var triaged = await Hooks.WaitAsync(pr, s => Triages(s).Any(t => t.Status == "completed"), "the first triage");
        var summary = Assert.Single(triaged.GetProperty("agent_summaries").EnumerateArray());
        Assert.Equal("ci-triage", summary.GetProperty("kind").GetString());
        Assert.Equal("check_run:unit-tests", summary.GetProperty("check").GetString());
        Assert.Equal(FakeReply.DefaultText, summary.GetProperty("text").GetString());
        Assert.Equal("oa1/" + GitHubGatewayFixture.TriageModel, summary.GetProperty("model").GetString());
        Assert.True(summary.GetProperty("posted").GetProperty("recorded").GetBoolean());
        Assert.Equal(1, fixture.TriageCalls(pr));

        // The model was told what failed.
        var prompt = fixture.Fake.RequestsFor(GitHubGatewayFixture.TriageModel).Single(r => r.Body.Contains(pr.Key, StringComparison.Ordinal)).Body;
        Assert.Contains("unit-tests", prompt, StringComparison.Ordinal);
        Assert.Contains("test_retries_on_503", prompt, StringComparison.Ordinal);
        Assert.Contains("Process completed with exit code 1.", prompt, StringComparison.Ordinal);
        Assert.Contains("/actions/runs/11990561231/job/33188392541", prompt, StringComparison.Ordinal);

        // The same failure redelivered, and the same check failing again on the same SHA (a re-run): no new triage.
        var duplicate = await Hooks.DeliverAsync(pr, "check_run.completed", failure, expect: 200);
        Assert.Equal("duplicate", duplicate.GetProperty("status").GetString());
        await Hooks.DeliverAsync(pr, "check_run.completed");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 3, "the re-run's failure");

        // A failure of an older SHA is recorded, not triaged; a new head's failure is triaged.
        var pushed = pr with { BeforeSha = pr.HeadSha, HeadSha = GitHubPayloads.NewSha() };
        await Hooks.DeliverAsync(pushed, "pull_request.synchronize");
        await Hooks.WaitAsync(pr, s => s.GetProperty("head_sha").GetString() == pushed.HeadSha, "the new head");
        await Hooks.DeliverAsync(pr with { CheckName = "lint" }, "check_run.completed");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 5, "the old head's failure");
        await Hooks.DeliverAsync(pushed, "check_run.completed");
        var after = await Hooks.WaitAsync(pr, s => Triages(s).Count(t => t.Status == "completed") == 2, "the new head's triage");

        Assert.Equal(2, fixture.TriageCalls(pr));
        Assert.Equal([(pr.HeadSha, "check_run:unit-tests"), (pushed.HeadSha, "check_run:unit-tests")], Triages(after).Select(t => (t.Sha, t.Check)));
        Assert.Equal(2, after.GetProperty("agent_summaries").GetArrayLength());

        // What would have been posted is in the outbox, newest first.
        using var outbox = await Hooks.Http.GetAsync($"/v1/github/outbox?pr={Uri.EscapeDataString(pr.Key)}");
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        var posts = (await Json.ReadAsync(outbox)).GetProperty("posts").EnumerateArray().ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p =>
        {
            Assert.Equal("comment", p.GetProperty("kind").GetString());
            Assert.Equal(pr.Key, p.GetProperty("pull_request").GetString());
            Assert.Contains("CI triage: `unit-tests` failure", p.GetProperty("body").GetString(), StringComparison.Ordinal);
            Assert.Contains(FakeReply.DefaultText, p.GetProperty("body").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains(pushed.HeadSha[..7], posts[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.True(posts[0].GetProperty("id").GetInt64() > posts[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Only_failing_conclusions_start_a_triage()
    {
        var pr = GitHubPayloads.Unique(22);
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        foreach (var (name, conclusion) in new[] { ("a", "success"), ("b", "cancelled"), ("c", "neutral"), ("d", "skipped"), ("e", "action_required") })
        {
            await Hooks.DeliverAsync(pr with { CheckName = name, Conclusion = conclusion }, "check_run.completed");
        }

        await Hooks.DeliverAsync(pr with { CheckName = "CI", Conclusion = "timed_out" }, "workflow_run.completed");
        var session = await Hooks.WaitAsync(pr, s => Triages(s).Any(t => t.Status == "completed"), "the timed-out workflow's triage");
        Assert.Equal(("workflow_run:CI", pr.HeadSha), Triages(session).Select(t => (t.Check, t.Sha)).Single());
        Assert.Equal(1, fixture.TriageCalls(pr));
    }

    [Fact]
    public async Task Triage_charges_the_prs_ledger_with_the_configured_limit()
    {
        var pr = GitHubPayloads.Unique(23);
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.DeliverAsync(pr, "check_suite.completed");
        var session = await Hooks.WaitAsync(pr, s => Triages(s).Any(t => t.Status == "completed"), "the suite's triage");

        Assert.Equal(50_000, session.GetProperty("token_limit").GetInt64());
        Assert.Equal(15, session.GetProperty("tokens_spent").GetInt64()); // the fake's 10 prompt + 5 completion tokens
        Assert.Equal("session:github:" + pr.Key, session.GetProperty("budget_ledger").GetString());
        using var ledger = await Hooks.Http.GetAsync($"/v1/budgets/session/{Uri.EscapeDataString("github:" + pr.Key)}");
        var budget = await Json.ReadAsync(ledger);
        Assert.Equal(50_000, budget.GetProperty("token_limit").GetInt64());
        Assert.Equal(15, budget.GetProperty("tokens_spent").GetInt64());
    }

    internal static List<(string Sha, string Check, string Status)> Triages(JsonElement session) =>
        [.. session.GetProperty("triages").EnumerateArray().Select(t => (t.GetProperty("head_sha").GetString()!, t.GetProperty("check").GetString()!, t.GetProperty("status").GetString()!))];
}
