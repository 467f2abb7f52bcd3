using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.GitHub;

/// <summary>
/// A per-PR token budget of 1 500 (a triage reserves its prompt plus 1 024 output tokens): when a PR's agents use it up they stop, the
/// session records "needs human review" with the spend, and nothing more is posted.
/// </summary>
public sealed class PullRequestBudgetTests : IAsyncLifetime
{
    private const long Budget = 1500;
    private FakeProviderServer _fake = null!;
    private GatewayHost _gateway = null!;
    private GitHubWebhookClient _hooks = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _gateway = await GatewayHost.StartAsync(GitHubGatewayFixture.Settings(_fake, Budget));
        _hooks = GitHubGatewayFixture.KeyedWebhooks(_gateway);
    }

    public async ValueTask DisposeAsync()
    {
        _hooks.Http.Dispose();
        await _gateway.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_triage_that_uses_up_the_budget_escalates_and_later_failures_are_not_triaged()
    {
        var pr = GitHubPayloads.Unique(31) with { CheckName = "build" };
        _fake.Script(GitHubGatewayFixture.TriageModel, FakeReply.Ok("The retry loop exits after one attempt.", promptTokens: 900, completionTokens: 700));
        await _hooks.DeliverAsync(pr, "pull_request.opened");
        await _hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        await _hooks.DeliverAsync(pr, "check_run.completed");
        var escalated = await _hooks.WaitAsync(pr, s => s.GetProperty("escalations").GetArrayLength() == 1, "the escalation after the triage");

        var escalation = escalated.GetProperty("escalations")[0];
        Assert.Equal(1600, escalation.GetProperty("tokens_spent").GetInt64());
        Assert.Equal(Budget, escalation.GetProperty("token_limit").GetInt64());
        Assert.StartsWith("needs human review", escalation.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1600, escalated.GetProperty("tokens_spent").GetInt64());
        Assert.Single(escalated.GetProperty("agent_summaries").EnumerateArray());

        // Another check fails on the head: the agent stays stopped — no model call, no post, no second escalation.
        await _hooks.DeliverAsync(pr with { CheckName = "lint" }, "check_run.completed");
        var after = await _hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 3, "the second failure");
        Assert.Equal(1, Calls(pr));
        Assert.Single(after.GetProperty("escalations").EnumerateArray());
        Assert.Equal(["check_run:build"], CiTriageTests.Triages(after).Select(t => t.Check));
        Assert.Single(await OutboxAsync(pr));

        // A person raises the PR's limit: the agent resumes on the next failure.
        using var raise = await _hooks.Http.PutAsJsonAsync($"/v1/budgets/session/{Uri.EscapeDataString("github:" + pr.Key)}", new { token_limit = 100_000 });
        Assert.True(raise.IsSuccessStatusCode, await raise.Content.ReadAsStringAsync());
        await _hooks.DeliverAsync(pr with { CheckName = "e2e" }, "check_run.completed");
        var resumed = await _hooks.WaitAsync(pr, s => CiTriageTests.Triages(s).Any(t => t.Check == "check_run:e2e" && t.Status == "completed"), "the triage after the raise");
        Assert.Equal(2, Calls(pr));
        Assert.Equal(100_000, resumed.GetProperty("token_limit").GetInt64());
        Assert.Single(resumed.GetProperty("escalations").EnumerateArray());
        Assert.Equal(2, (await OutboxAsync(pr)).Count);
    }

    [Fact]
    public async Task A_triage_the_ledger_refuses_is_recorded_as_budget_exceeded_and_posts_nothing()
    {
        var pr = GitHubPayloads.Unique(32) with { CheckName = "build" };
        _fake.Script(GitHubGatewayFixture.TriageModel, FakeReply.Ok("Flaky network in the upload test.", promptTokens: 900, completionTokens: 500));
        await _hooks.DeliverAsync(pr, "pull_request.opened");
        await _hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        await _hooks.DeliverAsync(pr, "check_run.completed");
        var first = await _hooks.WaitAsync(pr, s => CiTriageTests.Triages(s).Any(t => t.Status == "completed"), "the first triage");
        Assert.Empty(first.GetProperty("escalations").EnumerateArray()); // 1 400 of 1 500: room left

        // The next triage's reservation (prompt + 1 024 tokens) does not fit: the chain refuses it before calling a model.
        await _hooks.DeliverAsync(pr with { CheckName = "lint" }, "check_run.completed");
        var refused = await _hooks.WaitAsync(pr, s => s.GetProperty("escalations").GetArrayLength() == 1, "the refusal's escalation");

        Assert.Contains(("check_run:lint", "budget_exceeded"), CiTriageTests.Triages(refused).Select(t => (t.Check, t.Status)));
        var escalation = refused.GetProperty("escalations")[0];
        Assert.Equal("ci-triage", escalation.GetProperty("source").GetString());
        Assert.Equal(1400, escalation.GetProperty("tokens_spent").GetInt64());
        Assert.StartsWith("esc_", escalation.GetProperty("escalation_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Calls(pr));
        Assert.Single(await OutboxAsync(pr));

        using var escalations = await _hooks.Http.GetAsync("/v1/escalations");
        var listed = (await Json.ReadAsync(escalations)).GetProperty("escalations").EnumerateArray();
        Assert.Contains(listed, e => e.GetProperty("ledger").GetString() == "session:github:" + pr.Key);
    }

    private int Calls(GitHubPayloads pr) =>
        _fake.RequestsFor(GitHubGatewayFixture.TriageModel).Count(r => r.Body.Contains(pr.Key, StringComparison.Ordinal));

    private async Task<List<JsonElement>> OutboxAsync(GitHubPayloads pr)
    {
        using var response = await _hooks.Http.GetAsync($"/v1/github/outbox?pr={Uri.EscapeDataString(pr.Key)}");
        return [.. (await Json.ReadAsync(response)).GetProperty("posts").EnumerateArray()];
    }
}
