using Orleans.Concurrency;

namespace Commune.GitHub;

/// <summary>
/// Applies an accepted delivery after the webhook has answered: finds the target sessions (by PR number, or by head SHA through the
/// repository's index), applies the event to each, then marks the delivery processed. A stateless worker, called one-way.
/// </summary>
[Alias("commune.github.IGitHubWebhookGrain")]
public interface IGitHubWebhookGrain : IGrainWithIntegerKey
{
    /// <summary>Processes the delivery; a failure leaves it <c>received</c> so GitHub's redelivery completes it.</summary>
    [OneWay]
    Task ProcessAsync(GitHubEvent gitHubEvent);
}
