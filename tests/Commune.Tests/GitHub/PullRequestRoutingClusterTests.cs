using System.Text.Json;
using Commune.Gateway.Endpoints.GitHub;
using Commune.GitHub;
using Commune.Grains.GitHub;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.GitHub;

/// <summary>
/// Routing on the two-silo in-process cluster: deliveries read from GitHub-shaped payloads, noted in the ledger and handed to the
/// webhook processor exactly as the gateway does, reach the session of their PR whichever silo processes them or hosts the session.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PullRequestRoutingClusterTests(ClusterFixture cluster)
{
    private IClusterClient Client => cluster.Client;

    [Fact]
    public async Task Every_event_type_reaches_the_session_of_its_pr_and_no_other_across_two_silos()
    {
        var repoA = GitHubPayloads.Unique(1);
        var prs = Enumerable.Range(1, 6).Select(n => repoA with { Number = n, HeadSha = GitHubPayloads.NewSha(), Conclusion = "success" }).ToList();
        var otherRepo = GitHubPayloads.Unique(1) with { Conclusion = "success" };

        foreach (var pr in prs.Append(otherRepo))
        {
            await DeliverAsync(pr, "pull_request.opened");
        }

        await WaitAsync(prs.Append(otherRepo), 1);
        foreach (var pr in prs)
        {
            await DeliverAsync(pr, "issue_comment.created");
            await DeliverAsync(pr with { CommentId = 5 }, "pull_request_review.submitted");
            await DeliverAsync(pr with { CommentId = 6 }, "pull_request_review_comment.created");
            await DeliverAsync(pr with { CheckName = "unit" }, "check_run.completed");
            await DeliverAsync(pr, "check_suite.completed");
            await DeliverAsync(pr with { CheckName = "CI", ListPullRequests = false }, "workflow_run.completed");
        }

        var views = await WaitAsync(prs, 7);
        foreach (var (pr, view) in prs.Zip(views))
        {
            Assert.Equal(pr.Key, view.Key);
            Assert.Equal(pr.HeadSha, view.HeadSha);
            Assert.Equal(1, view.Comments);
            Assert.Equal(1, view.ReviewComments);
            Assert.Single(view.Reviews);
            Assert.Equal(["check_run:unit", "check_suite:GitHub Actions", "workflow_run:CI"], view.Checks.Select(c => c.Kind + ":" + c.Name).Order());
            Assert.All(view.Checks, c => Assert.Equal(pr.HeadSha, c.HeadSha));

            // Reviews are on here (the defaults): the opened event asked for one review of its head.
            var dispatch = Assert.Single(view.ReviewDispatches);
            Assert.Equal(pr.HeadSha, dispatch.HeadSha);
            Assert.Equal("dispatched", dispatch.Status);
        }

        // The other repository's PR #1 shares the number, not the session.
        var other = await Client.GetGrain<IPullRequestSessionGrain>(otherRepo.Key).GetAsync();
        Assert.Equal(1, other!.EventsApplied);
    }

    [Fact]
    public async Task A_check_listing_two_prs_reaches_both_sessions()
    {
        var pr1 = GitHubPayloads.Unique(1) with { Conclusion = "success" };
        var pr2 = pr1 with { Number = 2 };
        await DeliverAsync(pr1, "pull_request.opened");
        await DeliverAsync(pr2, "pull_request.opened");
        await WaitAsync([pr1, pr2], 1);

        // One check_run whose pull_requests lists both PRs (a shared head, e.g. a stacked branch).
        var body = pr1.Render("check_run.completed");
        using var document = JsonDocument.Parse(body);
        var read = GitHubPayload.Read("check_run", Guid.NewGuid().ToString(), document.RootElement, DateTimeOffset.UtcNow).Event!;
        var both = read with { Targets = [new PullTarget(1, pr1.HeadSha), new PullTarget(2, pr1.HeadSha)] };
        await Client.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(both.DeliveryId)).ReceiveAsync(both.DeliveryId, both.Name);
        await Client.GetGrain<IGitHubWebhookGrain>(0).ProcessAsync(both);

        var views = await WaitAsync([pr1, pr2], 2);
        Assert.All(views, v => Assert.Equal("check_run:test", Assert.Single(v.Checks).Kind + ":" + v.Checks[0].Name));
    }

    private async Task DeliverAsync(GitHubPayloads pr, string fixture)
    {
        using var document = JsonDocument.Parse(pr.Render(fixture));
        var read = GitHubPayload.Read(GitHubPayloads.EventOf(fixture), Guid.NewGuid().ToString(), document.RootElement, DateTimeOffset.UtcNow);
        var e = read.Event ?? throw new InvalidOperationException($"{fixture}: {read.Ignored ?? read.Invalid}");
        Assert.False((await Client.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(e.DeliveryId)).ReceiveAsync(e.DeliveryId, e.Name)).Duplicate);
        await Client.GetGrain<IGitHubWebhookGrain>(0).ProcessAsync(e);
    }

    private async Task<PullRequestSessionView[]> WaitAsync(IEnumerable<GitHubPayloads> prs, long events)
    {
        var list = prs.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var views = await Task.WhenAll(list.Select(p => Client.GetGrain<IPullRequestSessionGrain>(p.Key).GetAsync()));
            if (views.All(v => v is not null && v.EventsApplied >= events))
            {
                Assert.All(views, v => Assert.Equal(events, v!.EventsApplied));
                return views!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sessions did not reach {events} events: " + string.Join(", ", views.Select((v, i) => $"{list[i].Key}={v?.EventsApplied}")));
            }

            await Task.Delay(100);
        }
    }
}
