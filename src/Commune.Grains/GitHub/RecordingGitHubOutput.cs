using Commune.GitHub;

namespace Commune.Grains.GitHub;

/// <summary>
/// The output when no <c>GitHub:Token</c> is set: nothing reaches GitHub; every post is kept in the cluster's outbox
/// (<c>GET /v1/github/outbox</c>) so a user sees what would have been said. It cannot read diffs.
/// </summary>
public sealed class RecordingGitHubOutput(IGrainFactory grains, TimeProvider time) : IGitHubOutput
{
    public bool IsLive => false;

    public Task<string?> GetDiffAsync(PullRequestRef pr, string headSha, int maxChars, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public Task<GitHubPost> CommentAsync(PullRequestRef pr, string body, CancellationToken cancellationToken) =>
        RecordAsync(new OutboxEntry(0, "comment", pr.Key, body, null, null, [], time.GetUtcNow()));

    public Task<GitHubPost> ReviewAsync(PullRequestRef pr, GitHubReview review, CancellationToken cancellationToken) =>
        RecordAsync(new OutboxEntry(0, "review", pr.Key, review.Body, review.CommitSha, review.Event, review.Comments, time.GetUtcNow()));

    private async Task<GitHubPost> RecordAsync(OutboxEntry entry)
    {
        var kept = await grains.GetGrain<IGitHubOutboxGrain>(IGitHubOutboxGrain.Key).RecordAsync(entry);
        return new GitHubPost(kept.Kind, kept.PullRequest, kept.Id, null, true, kept.PostedAt);
    }
}
