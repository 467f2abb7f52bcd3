namespace Commune.GitHub;

/// <summary>
/// A repository's head SHA → PR numbers index (key <c>owner/repo</c>), kept from <c>pull_request</c> events, so a check whose payload lists
/// no PR (a fork's, for instance) still reaches the PRs at that SHA. Bounded: the oldest SHAs are forgotten first.
/// </summary>
[Alias("commune.github.IPullRequestHeadIndexGrain")]
public interface IPullRequestHeadIndexGrain : IGrainWithStringKey
{
    /// <summary>Notes that PR <paramref name="number"/> has head <paramref name="headSha"/>.</summary>
    Task RecordAsync(string headSha, int number);

    /// <summary>The PRs whose head was <paramref name="headSha"/>.</summary>
    Task<IReadOnlyList<int>> FindAsync(string headSha);
}
