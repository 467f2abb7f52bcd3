using Commune.Tests.Infrastructure;

namespace Commune.Tests.GitHub;

/// <summary>
/// Review dispatch from the session on opened / synchronize / reopened. The review grain itself comes from the review branch: with it
/// merged, enable <see cref="Review_is_dispatched_once_per_head_sha_when_reviews_are_enabled"/> (remove its Skip).
/// </summary>
public sealed class ReviewDispatchTests(GitHubGatewayFixture fixture) : IClassFixture<GitHubGatewayFixture>
{
    public const string NeedsReviewGrain = "Enable after merging gh-review: IPullRequestReviewGrain has no implementation on this branch.";

    [Fact]
    public async Task With_reviews_disabled_each_new_head_is_recorded_as_not_dispatched()
    {
        var pr = GitHubPayloads.Unique(4);
        await fixture.Webhooks.DeliverAsync(pr, "pull_request.opened");
        await fixture.Webhooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        var pushed = pr with { BeforeSha = pr.HeadSha, HeadSha = GitHubPayloads.NewSha() };
        await fixture.Webhooks.DeliverAsync(pushed, "pull_request.synchronize");
        await fixture.Webhooks.DeliverAsync(pushed, "pull_request.edited");
        var session = await fixture.Webhooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 3, "synchronize and edited");

        var dispatches = session.GetProperty("review_dispatches").EnumerateArray()
            .Select(d => (d.GetProperty("head_sha").GetString()!, d.GetProperty("status").GetString()!)).Order().ToList();
        Assert.Equal(new[] { (pr.HeadSha, "disabled"), (pushed.HeadSha, "disabled") }.Order(), dispatches);
    }

    /// <summary>The test-ready hook for the lead: reviews on, a real review grain, one review per head SHA reported back to the session.</summary>
    [Fact(Skip = NeedsReviewGrain)]
    public async Task Review_is_dispatched_once_per_head_sha_when_reviews_are_enabled()
    {
        await using var fake = await Infrastructure.FakeProvider.FakeProviderServer.StartAsync();
        var settings = GitHubGatewayFixture.Settings(fake);
        settings["GitHub:Reviews:Enabled"] = "true";
        await using var gateway = await GatewayHost.StartAsync(settings);
        var hooks = GitHubGatewayFixture.KeyedWebhooks(gateway);
        var pr = GitHubPayloads.Unique(5);

        await hooks.DeliverAsync(pr, "pull_request.opened");
        await hooks.DeliverAsync(pr, "pull_request.reopened");
        var session = await hooks.WaitAsync(pr, s => s.GetProperty("agent_summaries").EnumerateArray().Any(a => a.GetProperty("kind").GetString() == "review"), "the review's summary", TimeSpan.FromSeconds(60));

        var dispatch = Assert.Single(session.GetProperty("review_dispatches").EnumerateArray());
        Assert.Equal("dispatched", dispatch.GetProperty("status").GetString());
        Assert.Equal(pr.HeadSha, dispatch.GetProperty("head_sha").GetString());
        hooks.Http.Dispose();
    }
}
