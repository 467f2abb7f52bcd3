using System.Net;
using Commune.GitHub;
using Commune.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.GitHub;

/// <summary>
/// Two silo processes on PostgreSQL behind a clustered gateway: the silo hosting a PR's session is killed hard. The session comes back on
/// the survivor with everything it had, the delivery ledger still knows what was processed, and new events carry on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PullRequestSessionDurabilityTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string Secret = "durable-webhook-secret-0123456789";

    [Fact]
    public async Task A_sessions_state_survives_the_loss_of_its_silo()
    {
        var database = await postgres.CreateDatabaseAsync("ghsession");
        await SiloCommand.MigrateAsync(database);
        var siloSettings = new Dictionary<string, string>(SiloProcess.FastMembership) { ["GitHub__Review__Enabled"] = "false" };
        var silos = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SiloProcess.StartAsync(database, siloSettings)));
        try
        {
            await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Commune"] = database,
                ["GitHub:WebhookSecret"] = Secret,
            });
            var hooks = new GitHubWebhookClient(gateway.Client, gateway.Client, Secret);
            var pr = GitHubPayloads.Unique(17) with { Conclusion = "success" };
            var pushed = pr with { BeforeSha = pr.HeadSha, HeadSha = GitHubPayloads.NewSha() };
            var comment = Guid.NewGuid().ToString();

            await hooks.DeliverAsync(pr, "pull_request.opened");
            await hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 1, "opened");
            await hooks.DeliverAsync(pr, "issue_comment.created", comment);
            await hooks.DeliverAsync(pr with { CommentId = 77 }, "pull_request_review.submitted");
            await hooks.DeliverAsync(pr with { CheckName = "unit" }, "check_run.completed");
            await hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 4, "comment, review, check");
            await hooks.DeliverAsync(pushed, "pull_request.synchronize");
            var before = await hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 5, "synchronize");

            var client = gateway.Services.GetRequiredService<IClusterClient>();
            var address = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<IPullRequestSessionGrain>(pr.Key));
            var victim = silos.Single(s => s.SiloPort == address!.Endpoint.Port);
            output.WriteLine($"{pr.Key} lives on {victim.Endpoint}; killing it");
            await victim.KillAsync();

            var after = await RetryAsync(() => hooks.SessionAsync(pr), TimeSpan.FromSeconds(120));
            Assert.Equal(before.GetProperty("title").GetString(), after.GetProperty("title").GetString());
            Assert.Equal(pushed.HeadSha, after.GetProperty("head_sha").GetString());
            Assert.Equal([pr.HeadSha, pushed.HeadSha], after.GetProperty("head_shas").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal(5, GitHubWebhookClient.EventsApplied(after));
            Assert.Equal(1, after.GetProperty("comments").GetInt64());
            Assert.Single(after.GetProperty("reviews").EnumerateArray());
            Assert.Equal("unit", Assert.Single(after.GetProperty("checks").EnumerateArray()).GetProperty("name").GetString());
            Assert.Equal(before.GetProperty("log").GetRawText(), after.GetProperty("log").GetRawText());
            Assert.Equal(before.GetProperty("first_event_at").GetString(), after.GetProperty("first_event_at").GetString());

            // The ledger survived too: the processed comment is a duplicate; a new comment lands in the same session.
            var again = await RetryAsync(() => hooks.DeliverAsync(pr, "issue_comment.created", comment, expect: 200), TimeSpan.FromSeconds(60));
            Assert.Equal("duplicate", again.GetProperty("status").GetString());
            await hooks.DeliverAsync(pr with { CommentId = 2_000_000_002 }, "issue_comment.created");
            var latest = await hooks.WaitAsync(pr, s => GitHubWebhookClient.EventsApplied(s) == 6, "the comment after the kill", TimeSpan.FromSeconds(60));
            Assert.Equal(2, latest.GetProperty("comments").GetInt64());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T?>> call, TimeSpan timeout)
        where T : struct
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await call() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && ex is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                // The dead silo is not declared dead yet: the call timed out or the gateway answered 503.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("the session did not come back");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan timeout)
        where T : struct => RetryAsync<T>(async () => (T?)await call(), timeout);
}
