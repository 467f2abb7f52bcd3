namespace Commune.GitHub;

/// <summary>
/// What would have been posted to GitHub when output is not live (<c>GitHub:Token</c> unset): the recording output keeps each post here,
/// cluster-wide and bounded, for <c>GET /v1/github/outbox</c>.
/// </summary>
[Alias("commune.github.IGitHubOutboxGrain")]
public interface IGitHubOutboxGrain : IGrainWithStringKey
{
    /// <summary>The one outbox's key.</summary>
    const string Key = "all";

    /// <summary>Keeps a post and gives it an id.</summary>
    Task<OutboxEntry> RecordAsync(OutboxEntry entry);

    /// <summary>The newest posts first, for one PR (key <c>owner/repo#n</c>) or all.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? pullRequest, int limit);
}
