using Orleans.Concurrency;

namespace Commune.GitHub;

/// <summary>
/// Runs one CI triage away from the session (a stateless worker, called one-way): the <c>ci-triage</c> profile on the failure details,
/// the answer posted as a PR comment, the outcome reported back with <see cref="IPullRequestSessionGrain.TriageCompletedAsync"/>.
/// </summary>
[Alias("commune.github.ICiTriageGrain")]
public interface ICiTriageGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the triage; the session hears the outcome.</summary>
    [OneWay]
    Task RunAsync(TriageRequest request);
}
