using Orleans.Concurrency;

namespace Commune.GitHub;

/// <summary>
/// The one session of a pull request (key <see cref="PullRequestRef.Key"/>, <c>owner/repo#number</c>): every event on the PR lands here,
/// on any silo and across restarts.
/// </summary>
[Alias("commune.github.IPullRequestSessionGrain")]
public interface IPullRequestSessionGrain : IGrainWithStringKey
{
    /// <summary>A review of one head SHA finished (or could not); one-way so the review grain never waits on the session.</summary>
    [OneWay]
    Task ReviewCompletedAsync(ReviewSummary summary);

    /// <summary>
    /// Applies one webhook delivery; false when this session already applied it (the delivery id is remembered), so a redelivery of a
    /// delivery that failed halfway completes without applying twice.
    /// </summary>
    Task<bool> ApplyAsync(GitHubEvent gitHubEvent);

    /// <summary>A CI triage finished; one-way so the triage worker never waits on the session.</summary>
    [OneWay]
    Task TriageCompletedAsync(TriageOutcome outcome);

    /// <summary>The session, or null when no event ever reached it.</summary>
    Task<PullRequestSessionView?> GetAsync();
}
