using System.Net;
using System.Text;
using System.Text.Json;
using Commune.Gateway.Endpoints.GitHub;
using Commune.GitHub;
using Commune.Grains.GitHub;
using Commune.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.GitHub;

/// <summary>The webhook receiver over real HTTP on a gateway with API keys: authentication, validation, deduplication, filtering.</summary>
public sealed class GitHubWebhookTests(GitHubGatewayFixture fixture) : IClassFixture<GitHubGatewayFixture>
{
    private GitHubWebhookClient Hooks => fixture.Webhooks;

    private IGrainFactory Grains => fixture.Gateway.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_signed_delivery_without_an_api_key_is_accepted_on_a_keyed_gateway_and_reaches_its_session()
    {
        var pr = GitHubPayloads.Unique(7);
        var reply = await Hooks.DeliverAsync(pr, "pull_request.opened");

        Assert.Equal("accepted", reply.GetProperty("status").GetString());
        Assert.Equal([pr.Key], reply.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()));
        var session = await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "the opened event");
        Assert.Equal("Retry the upload when the storage returns 503", session.GetProperty("title").GetString());
        Assert.Equal("octocat", session.GetProperty("author").GetString());
        Assert.Equal(pr.HeadSha, session.GetProperty("head_sha").GetString());
        Assert.Equal("open", session.GetProperty("state").GetString());
        Assert.Equal("active", session.GetProperty("status").GetString());
        Assert.Equal("retry-upload", session.GetProperty("head_ref").GetString());
        Assert.Equal("main", session.GetProperty("base_ref").GetString());

        // The gateway does require keys elsewhere: the same session read without one is refused.
        using var anonymous = await fixture.Gateway.Client.GetAsync(pr.SessionPath);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Wrong_missing_or_tampered_signatures_are_401_and_record_nothing()
    {
        var pr = GitHubPayloads.Unique();
        var body = pr.Render("pull_request.opened");
        var delivery = Guid.NewGuid().ToString();
        var tampered = Encoding.UTF8.GetBytes(body.Replace("Retry the upload", "Retry the upl0ad", StringComparison.Ordinal));

        using var wrong = await Hooks.SendAsync("pull_request", body, delivery, signature: WebhookSignature.Sign("another-secret", Encoding.UTF8.GetBytes(body)));
        using var missing = await Hooks.SendAsync("pull_request", body, delivery, sign: false);
        using var garbled = await Hooks.SendAsync("pull_request", body, delivery, signature: "sha256=nothex");
        using var altered = await Hooks.SendAsync("pull_request", body, delivery, rawOverride: tampered);

        foreach (var response in new[] { wrong, missing, garbled, altered })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var problem = await Json.ReadAsync(response);
            Assert.Equal("invalid_signature", problem.GetProperty("code").GetString());
        }

        Assert.Null(await Hooks.SessionAsync(pr));
        Assert.Null(await Grains.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(delivery)).GetAsync(delivery));

        // The same delivery, signed, is new: nothing of the rejected attempts was kept.
        var accepted = await Hooks.DeliverAsync(pr, "pull_request.opened", delivery);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ping_answers_200_and_missing_headers_or_malformed_json_are_400()
    {
        var pr = GitHubPayloads.Unique();
        using var ping = await Hooks.SendAsync("ping", pr.Render("ping"));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal("pong", (await Json.ReadAsync(ping)).GetProperty("status").GetString());

        using var noEvent = await Hooks.SendAsync("", pr.Render("pull_request.opened"));
        Assert.Equal(HttpStatusCode.BadRequest, noEvent.StatusCode);
        Assert.Equal("missing_event", (await Json.ReadAsync(noEvent)).GetProperty("code").GetString());

        using var noDelivery = await Hooks.SendAsync("pull_request", pr.Render("pull_request.opened"), delivery: "");
        Assert.Equal(HttpStatusCode.BadRequest, noDelivery.StatusCode);
        Assert.Equal("missing_delivery", (await Json.ReadAsync(noDelivery)).GetProperty("code").GetString());

        using var malformed = await Hooks.SendAsync("pull_request", "{\"action\": \"opened\", \"pull_request\": ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid_json", (await Json.ReadAsync(malformed)).GetProperty("code").GetString());

        using var shapeless = await Hooks.SendAsync("pull_request", "{\"action\": \"opened\", \"repository\": {\"name\": \"x\", \"owner\": {\"login\": \"y\"}}}");
        Assert.Equal(HttpStatusCode.BadRequest, shapeless.StatusCode);
        Assert.Equal("invalid_payload", (await Json.ReadAsync(shapeless)).GetProperty("code").GetString());
        Assert.Null(await Hooks.SessionAsync(pr));
    }

    [Fact]
    public async Task Strings_that_are_not_valid_unicode_are_400_and_record_nothing()
    {
        // JSON that parses but whose strings cannot be read: a lone surrogate escape, and raw bytes that are not UTF-8.
        var pr = GitHubPayloads.Unique() with { Body = "\\uD800 dangling" };
        using var surrogate = await Hooks.SendAsync("issue_comment", pr.Render("issue_comment.created"));
        Assert.Equal(HttpStatusCode.BadRequest, surrogate.StatusCode);
        Assert.Equal("invalid_json", (await Json.ReadAsync(surrogate)).GetProperty("code").GetString());

        var raw = Encoding.UTF8.GetBytes(pr.Render("pull_request.opened").Replace("\"action\": \"opened\"", "\"action\": \"op\u00ffened\"", StringComparison.Ordinal));
        var at = Array.IndexOf(raw, (byte)0xC3);
        raw[at + 1] = 0x28; // C3 28: not UTF-8
        using var invalid = await Hooks.SendAsync(
            "pull_request", "", signature: WebhookSignature.Sign(GitHubGatewayFixture.Secret, raw), rawOverride: raw);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid_json", (await Json.ReadAsync(invalid)).GetProperty("code").GetString());
        Assert.Null(await Hooks.SessionAsync(pr));
    }

    [Fact]
    public async Task A_followed_event_with_an_action_that_is_not_a_github_action_is_400_and_records_nothing()
    {
        // Each action becomes a per-session event counter that is never pruned, so a made-up or huge one must not reach the session.
        var pr = GitHubPayloads.Unique();
        foreach (var action in new[] { new string('x', 5000), "Created", "created\\n", "" })
        {
            var payload = pr.Render("issue_comment.created").Replace("\"action\": \"created\"", $"\"action\": \"{action}\"", StringComparison.Ordinal);
            Assert.NotEqual(pr.Render("issue_comment.created"), payload);
            using var response = await Hooks.SendAsync("issue_comment", payload);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_payload", (await Json.ReadAsync(response)).GetProperty("code").GetString());
        }

        Assert.Null(await Hooks.SessionAsync(pr));
    }

    [Fact]
    public async Task A_payload_over_the_size_limit_is_413()
    {
        var padding = new string('x', 5 * 1024 * 1024);
        using var response = await Hooks.SendAsync("pull_request", "{\"padding\": \"" + padding + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await Json.ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_redelivery_of_a_processed_delivery_is_a_duplicate_and_applies_once()
    {
        var pr = GitHubPayloads.Unique();
        var delivery = Guid.NewGuid().ToString();
        await Hooks.DeliverAsync(pr, "pull_request.opened", delivery);
        await WaitProcessedAsync(delivery);

        var again = await Hooks.DeliverAsync(pr, "pull_request.opened", delivery, expect: 200);
        Assert.Equal("duplicate", again.GetProperty("status").GetString());

        await Hooks.DeliverAsync(pr, "issue_comment.created");
        var session = await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 2, "the comment after the duplicate");
        Assert.Equal(1, session.GetProperty("event_counts").GetProperty("pull_request.opened").GetInt64());
        Assert.Equal(1, session.GetProperty("event_counts").GetProperty("issue_comment.created").GetInt64());
    }

    [Fact]
    public async Task A_delivery_that_failed_halfway_is_completed_by_its_redelivery_without_applying_twice()
    {
        var pr = GitHubPayloads.Unique();
        var delivery = Guid.NewGuid().ToString();
        var body = pr.Render("issue_comment.created");

        // Halfway: the ledger noted the delivery and the session applied it, then processing died before marking it processed.
        using (var document = JsonDocument.Parse(body))
        {
            var e = GitHubPayload.Read("issue_comment", delivery, document.RootElement, DateTimeOffset.UtcNow).Event!;
            var ledger = Grains.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(delivery));
            Assert.False((await ledger.ReceiveAsync(delivery, e.Name)).Duplicate);
            Assert.True(await Grains.GetGrain<IPullRequestSessionGrain>(pr.Key).ApplyAsync(e));
            Assert.Equal("received", (await ledger.GetAsync(delivery))!.Status);
        }

        var redelivered = await Hooks.DeliverAsync(pr, "issue_comment.created", delivery);
        Assert.Equal("accepted", redelivered.GetProperty("status").GetString());
        var record = await WaitProcessedAsync(delivery);
        Assert.Equal(2, record.Attempts);

        var session = (await Hooks.SessionAsync(pr))!.Value;
        Assert.Equal(1, GitHubWebhookClient.EventsApplied(session));
        Assert.Equal(1, session.GetProperty("comments").GetInt64());

        var third = await Hooks.DeliverAsync(pr, "issue_comment.created", delivery, expect: 200);
        Assert.Equal("duplicate", third.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_from_the_apps_bot_or_an_ignored_sender_are_ignored()
    {
        var pr = GitHubPayloads.Unique();
        var fromBot = await Hooks.DeliverAsync(pr with { Sender = "commune[bot]", SenderType = "Bot" }, "issue_comment.created");
        var fromIgnored = await Hooks.DeliverAsync(pr with { Sender = "renovate-helper" }, "pull_request.opened");
        Assert.Equal("ignored", fromBot.GetProperty("status").GetString());
        Assert.Equal("ignored", fromIgnored.GetProperty("status").GetString());

        // Another bot, or a person, is followed.
        await Hooks.DeliverAsync(pr with { Sender = "dependabot[bot]", SenderType = "Bot" }, "pull_request.opened");
        await Hooks.DeliverAsync(pr, "issue_comment.created");
        var session = await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 2, "the two followed events");
        Assert.Equal(1, session.GetProperty("comments").GetInt64());
        Assert.DoesNotContain(session.GetProperty("log").EnumerateArray(), e => e.GetProperty("actor").GetString() is "commune[bot]" or "renovate-helper");
    }

    [Fact]
    public async Task Events_and_actions_sessions_do_not_follow_are_202_ignored()
    {
        var pr = GitHubPayloads.Unique();
        var push = await Hooks.DeliverAsync(pr, "push");
        using var labeled = await Hooks.SendAsync("pull_request", pr.Render("pull_request.opened").Replace("\"action\": \"opened\"", "\"action\": \"labeled\"", StringComparison.Ordinal));
        var onIssue = await Hooks.DeliverAsync(pr, "issue_comment.on_issue");
        using var started = await Hooks.SendAsync("check_run", pr.Render("check_run.completed").Replace("\"action\": \"completed\"", "\"action\": \"created\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, labeled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        foreach (var reply in new[] { push, await Json.ReadAsync(labeled), onIssue, await Json.ReadAsync(started) })
        {
            Assert.Equal("ignored", reply.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(reply.GetProperty("reason").GetString()));
        }

        Assert.Null(await Hooks.SessionAsync(pr));
    }

    [Fact]
    public async Task Every_followed_event_type_lands_in_the_session_including_a_check_routed_by_head_sha()
    {
        var pr = GitHubPayloads.Unique(12);
        var first = pr.HeadSha;
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        var pushed = pr with { BeforeSha = first, HeadSha = GitHubPayloads.NewSha(), Conclusion = "success" };
        await Hooks.DeliverAsync(pushed, "pull_request.synchronize");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 2, "synchronize (the head index must know the new head)");
        await Hooks.DeliverAsync(pushed, "pull_request.edited");
        await Hooks.DeliverAsync(pushed, "issue_comment.created");
        await Hooks.DeliverAsync(pushed with { CommentId = 42 }, "pull_request_review.submitted");
        await Hooks.DeliverAsync(pushed with { CommentId = 43 }, "pull_request_review_comment.created");
        await Hooks.DeliverAsync(pushed with { CheckName = "lint" }, "check_run.completed");
        await Hooks.DeliverAsync(pushed, "check_suite.completed");
        var routed = await Hooks.DeliverAsync(pushed with { CheckName = "CI", ListPullRequests = false }, "workflow_run.completed");
        Assert.Empty(routed.GetProperty("sessions").EnumerateArray());

        var session = await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 9, "all nine events");
        Assert.Equal(pushed.HeadSha, session.GetProperty("head_sha").GetString());
        Assert.Equal([first, pushed.HeadSha], session.GetProperty("head_shas").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, session.GetProperty("commits_seen").GetInt64());
        Assert.Equal(1, session.GetProperty("comments").GetInt64());
        Assert.Equal(1, session.GetProperty("review_comments").GetInt64());
        var review = Assert.Single(session.GetProperty("reviews").EnumerateArray());
        Assert.Equal("changes_requested", review.GetProperty("state").GetString());
        Assert.Equal(pushed.HeadSha, review.GetProperty("commit_sha").GetString());
        // Deliveries are applied as they come, not necessarily in the order sent.
        var checks = session.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("name").GetString(), c.GetProperty("conclusion").GetString())).Order().ToList();
        Assert.Equal([("check_run", "lint", "success"), ("check_suite", "GitHub Actions", "success"), ("workflow_run", "CI", "success")], checks);
        var counts = session.GetProperty("event_counts");
        foreach (var name in new[] { "pull_request.opened", "pull_request.synchronize", "pull_request.edited", "issue_comment.created", "pull_request_review.submitted", "pull_request_review_comment.created", "check_run.completed", "check_suite.completed", "workflow_run.completed" })
        {
            Assert.Equal(1, counts.GetProperty(name).GetInt64());
        }

        Assert.Equal(0, fixture.TriageCalls(pr));
    }

    [Fact]
    public async Task A_thousand_comments_keep_the_log_bounded_with_every_event_counted()
    {
        var pr = GitHubPayloads.Unique();
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");

        // Straight to the session grain: the point is its state, not 1 000 HTTP round trips.
        using var document = JsonDocument.Parse(pr.Render("issue_comment.created"));
        var template = GitHubPayload.Read("issue_comment", "x", document.RootElement, DateTimeOffset.UtcNow).Event!;
        var session = Grains.GetGrain<IPullRequestSessionGrain>(pr.Key);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await session.ApplyAsync(template with { DeliveryId = $"bulk-{pr.Key}-{i}" }));
        }

        var view = (await Hooks.SessionAsync(pr))!.Value;
        Assert.Equal(1001, GitHubWebhookClient.EventsApplied(view));
        Assert.Equal(1000, view.GetProperty("comments").GetInt64());
        Assert.Equal(1000, view.GetProperty("event_counts").GetProperty("issue_comment.created").GetInt64());
        Assert.Equal(50, view.GetProperty("log").GetArrayLength()); // GitHub:SessionLogLimit in the fixture
        Assert.Equal(951, view.GetProperty("folded").GetInt64());
        Assert.Equal(1001, view.GetProperty("log").EnumerateArray().Last().GetProperty("sequence").GetInt64());
        var summary = view.GetProperty("folded_summary").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.InRange(summary.Count, 1, 20);
        Assert.Contains(summary, line => line.Contains("issue_comment.created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_archives_the_session_reopen_brings_it_back_and_merge_archives_it_as_merged()
    {
        var pr = GitHubPayloads.Unique(3);
        await Hooks.DeliverAsync(pr, "pull_request.opened");
        await Hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
        await Hooks.DeliverAsync(pr, "pull_request.closed");
        var closed = await Hooks.WaitAsync(pr, s => s.GetProperty("status").GetString() == "archived", "archived on close");
        Assert.Equal("closed", closed.GetProperty("state").GetString());

        // An archived session records a failing check but starts no triage.
        await Hooks.DeliverAsync(pr, "check_run.completed");
        await Hooks.WaitAsync(pr, s => s.GetProperty("checks").GetArrayLength() == 1, "the check on the archived session");

        await Hooks.DeliverAsync(pr, "pull_request.reopened");
        var reopened = await Hooks.WaitAsync(pr, s => s.GetProperty("status").GetString() == "active", "active again on reopen");
        Assert.Equal("open", reopened.GetProperty("state").GetString());

        await Hooks.DeliverAsync(pr, "pull_request.closed.merged");
        var merged = await Hooks.WaitAsync(pr, s => s.GetProperty("state").GetString() == "merged", "merged");
        Assert.Equal("archived", merged.GetProperty("status").GetString());
        Assert.Empty(merged.GetProperty("triages").EnumerateArray());
        Assert.Equal(0, fixture.TriageCalls(pr));
    }

    [Fact]
    public async Task Session_route_is_404_before_any_event_and_400_for_invalid_names_or_numbers()
    {
        var pr = GitHubPayloads.Unique();
        using var none = await Hooks.Http.GetAsync(pr.SessionPath);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("not_found", (await Json.ReadAsync(none)).GetProperty("code").GetString());

        foreach (var path in new[] { "/v1/sessions/github/o/r/pulls/0", "/v1/sessions/github/o/r/pulls/-1", "/v1/sessions/github/o/r/pulls/abc", "/v1/sessions/github/bad%20owner/r/pulls/1", "/v1/sessions/github/o/../pulls/1" })
        {
            using var response = await Hooks.Http.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Equal("invalid", (await Json.ReadAsync(response)).GetProperty("code").GetString());
            }
        }

        using var zero = await Hooks.Http.GetAsync("/v1/sessions/github/o/r/pulls/0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        using var badOutbox = await Hooks.Http.GetAsync("/v1/github/outbox?pr=not-a-pr");
        Assert.Equal(HttpStatusCode.BadRequest, badOutbox.StatusCode);
    }

    [Fact]
    public async Task Names_and_shas_with_a_trailing_newline_are_400_not_a_session_or_review_of_their_own()
    {
        // '$' in a .NET regex also matches before a final '\n': "owner\n" must not pass as a GitHub name and key its own grain.
        var pr = GitHubPayloads.Unique();
        var sha = GitHubPayloads.NewSha();
        foreach (var path in new[]
        {
            $"/v1/sessions/github/{pr.Owner}%0A/{pr.Repo}/pulls/1",
            $"/v1/sessions/github/{pr.Owner}/{pr.Repo}%0A/pulls/1",
            $"/v1/sessions/github/{pr.Owner}/{pr.Repo}/pulls/1/reviews/{sha}%0A",
        })
        {
            using var response = await Hooks.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid", (await Json.ReadAsync(response)).GetProperty("code").GetString());
        }

        using var outbox = await Hooks.Http.GetAsync($"/v1/github/outbox?pr={pr.Owner}/{pr.Repo}%231%0A");
        Assert.Equal(HttpStatusCode.BadRequest, outbox.StatusCode);

        var payload = pr.Render("pull_request.opened").Replace($"\"name\": \"{pr.Repo}\"", $"\"name\": \"{pr.Repo}\\n\"", StringComparison.Ordinal);
        using var webhook = await Hooks.SendAsync("pull_request", payload);
        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
        Assert.Equal("invalid_payload", (await Json.ReadAsync(webhook)).GetProperty("code").GetString());
    }

    private async Task<DeliveryRecord> WaitProcessedAsync(string delivery)
    {
        var ledger = Grains.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(delivery));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await ledger.GetAsync(delivery) is { Status: "processed" } record)
            {
                return record;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"delivery {delivery} was not processed");
    }
}
