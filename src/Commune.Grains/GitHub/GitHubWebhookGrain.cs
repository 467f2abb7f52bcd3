using Commune.GitHub;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Commune.Grains.GitHub;

/// <summary>
/// Applies accepted deliveries after the webhook answered. Targets come from the payload's PR numbers, or, for a check that lists none,
/// from the repository's head index. Only when every target applied the event is the delivery marked processed: a failure in between
/// leaves it received, and GitHub's redelivery finishes the job (sessions skip the deliveries they already applied).
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class GitHubWebhookGrain(ILogger<GitHubWebhookGrain> logger) : Grain, IGitHubWebhookGrain
{
    public async Task ProcessAsync(GitHubEvent gitHubEvent)
    {
        var e = gitHubEvent;
        try
        {
            var index = GrainFactory.GetGrain<IPullRequestHeadIndexGrain>(e.Owner + "/" + e.Repo);
            if (e.PullRequest is { } pr)
            {
                foreach (var target in e.Targets)
                {
                    await index.RecordAsync(pr.HeadSha, target.Number);
                }
            }

            if (e.Targets.Count == 0 && e.HeadSha is { } sha)
            {
                var numbers = await index.FindAsync(sha);
                e = e with { Targets = [.. numbers.Select(n => new PullTarget(n, sha))] };
            }

            var applied = await Task.WhenAll(e.Targets.Select(t =>
                GrainFactory.GetGrain<IPullRequestSessionGrain>(new PullRequestRef(e.Owner, e.Repo, t.Number).Key).ApplyAsync(e)));
            await GrainFactory.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(e.DeliveryId)).MarkProcessedAsync(e.DeliveryId);
            LogProcessed(logger, e.DeliveryId, e.Name, e.Owner + "/" + e.Repo, e.Targets.Count, applied.Count(a => a));
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, e.DeliveryId, e.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Event}) on {Repository}: {Targets} session(s), {Applied} newly applied")]
    private static partial void LogProcessed(ILogger logger, string deliveryId, string @event, string repository, int targets, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Event}) failed; it stays received and a redelivery completes it")]
    private static partial void LogFailed(ILogger logger, Exception exception, string deliveryId, string @event);
}
