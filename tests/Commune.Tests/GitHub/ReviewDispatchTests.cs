using Commune.Tests.Infrastructure;

namespace Commune.Tests.GitHub;

/// <summary>
/// Review dispatch from the session on opened / synchronize / reopened, and the whole path from a webhook to a posted review.
/// </summary>
public sealed class ReviewDispatchTests(GitHubGatewayFixture fixture) : IClassFixture<GitHubGatewayFixture>
{
    [Fact]
    public async Task With_reviews_disabled_each_new_head_is_recorded_as_not_dispatched()
    {
        var pr = GitHubPayloads.Unique(4);
        await fixture.Webhooks.DeliverAsync(pr, "pull_request.opened");
        await fixture.Webhooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        var pushed = pr with { BeforeSha = pr.HeadSha, HeadSha = GitHubPayloads.NewSha() };
        // Deliveries are applied after the 202, concurrently: wait for each so the events reach the session in this order.
        await fixture.Webhooks.DeliverAsync(pushed, "pull_request.synchronize");
        await fixture.Webhooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 2, "synchronize");
        await fixture.Webhooks.DeliverAsync(pushed, "pull_request.edited");
        var session = await fixture.Webhooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 3, "edited");

        var dispatches = session.GetProperty("review_dispatches").EnumerateArray()
            .Select(d => (d.GetProperty("head_sha").GetString()!, d.GetProperty("status").GetString()!)).Order().ToList();
        Assert.Equal(new[] { (pr.HeadSha, "disabled"), (pushed.HeadSha, "disabled") }.Order(), dispatches);
    }

    /// <summary>
    /// End to end: an opened PR's webhook starts the multi-model review of its head (reviewers on a fake provider), the review posts once
    /// to the outbox, reports back to the session, and records its reviewers in the PR's coordination team; a reopened event for the same
    /// head starts nothing new.
    /// </summary>
    [Fact]
    public async Task Review_is_dispatched_once_per_head_sha_when_reviews_are_enabled()
    {
        await using var fake = await Infrastructure.FakeProvider.FakeProviderServer.StartAsync();
        var settings = GitHubGatewayFixture.Settings(fake);
        settings["GitHub:Review:Enabled"] = "true";
        foreach (var role in new[] { "style", "security", "performance", "tests", "validator" })
        {
            settings[$"Agents:review-{role}:model"] = $"oa1/e2e-{role}";
            settings[$"Agents:review-{role}:fallbacks:0"] = $"an1/e2e-{role}-fallback";
            settings[$"Agents:review-{role}:timeout"] = "5";
            if (role is not "security" and not "validator")
            {
                fake.Script($"e2e-{role}", Infrastructure.FakeProvider.FakeReply.Ok("[]", 100, 10));
            }
        }

        fake.Script("e2e-security", Infrastructure.FakeProvider.FakeReply.Ok(
            """[{"focus":"security","severity":"high","title":"Token written to the log","detail":"The bearer token is logged.","path":"src/Auth.cs","line":12}]""", 200, 40));
        fake.Script("e2e-validator", Infrastructure.FakeProvider.FakeReply.Ok("""[{"id":"f1","verdict":"confirm","reason":"it is logged"}]""", 300, 20));
        await using var gateway = await GatewayHost.StartAsync(settings);
        var hooks = GitHubGatewayFixture.KeyedWebhooks(gateway);
        var pr = GitHubPayloads.Unique(5);

        await hooks.DeliverAsync(pr, "pull_request.opened");
        var session = await hooks.WaitAsync(pr, s => s.GetProperty("agent_summaries").EnumerateArray().Any(a => a.GetProperty("kind").GetString() == "review"), "the review's summary", TimeSpan.FromSeconds(60));
        await hooks.DeliverAsync(pr, "pull_request.reopened");
        session = await hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 2, "reopened");

        var dispatch = Assert.Single(session.GetProperty("review_dispatches").EnumerateArray());
        Assert.Equal("dispatched", dispatch.GetProperty("status").GetString());
        Assert.Equal(pr.HeadSha, dispatch.GetProperty("head_sha").GetString());
        var summary = Assert.Single(session.GetProperty("agent_summaries").EnumerateArray(), a => a.GetProperty("kind").GetString() == "review");
        Assert.StartsWith("REQUEST_CHANGES", summary.GetProperty("text").GetString(), StringComparison.Ordinal);

        // One review, posted once, with the confirmed finding as a line comment.
        using var review = await hooks.Http.GetAsync($"{pr.SessionPath}/reviews/{pr.HeadSha}");
        var view = await Json.ReadAsync(review);
        Assert.Equal("completed", view.GetProperty("status").GetString());
        Assert.Equal("Token written to the log", Assert.Single(view.GetProperty("findings").EnumerateArray()).GetProperty("title").GetString());
        using var outbox = await hooks.Http.GetAsync($"/v1/github/outbox?pr={Uri.EscapeDataString(pr.Key)}");
        var post = Assert.Single((await Json.ReadAsync(outbox)).GetProperty("posts").EnumerateArray());
        Assert.Equal("review", post.GetProperty("kind").GetString());
        Assert.Single(fake.RequestsFor("e2e-security"));

        // The reviewers are the PR's coordination team.
        var team = Uri.EscapeDataString("review:" + pr.Key);
        using var report = await WaitForReportAsync(hooks.Http, team);
        var agents = (await Json.ReadAsync(report)).GetRawText();
        foreach (var role in new[] { "style", "security", "performance", "tests", "validator" })
        {
            Assert.Contains($"\"{role}\"", agents, StringComparison.Ordinal);
        }

        hooks.Http.Dispose();
    }

    private static async Task<HttpResponseMessage> WaitForReportAsync(HttpClient http, string team)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await http.GetAsync($"/v1/coordination/report?team={team}");
            if (response.StatusCode == System.Net.HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            response.Dispose();
            await Task.Delay(200);
        }
    }
}
