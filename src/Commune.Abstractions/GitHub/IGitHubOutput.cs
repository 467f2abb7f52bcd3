namespace Commune.GitHub;

/// <summary>
/// Everything Commune says to GitHub, and the one thing it reads (a PR's diff). <c>GitHubRestOutput</c> talks to the REST API with
/// the token at <c>GitHub:Token</c>; <c>RecordingGitHubOutput</c> (the embedded default, and tests) keeps what would have been posted.
/// </summary>
public interface IGitHubOutput
{
    /// <summary>Whether posts reach GitHub (false for the recording implementation).</summary>
    bool IsLive { get; }

    /// <summary>The PR's unified diff at <paramref name="headSha"/>, cut at <paramref name="maxChars"/>; null when it cannot be had.</summary>
    Task<string?> GetDiffAsync(PullRequestRef pr, string headSha, int maxChars, CancellationToken cancellationToken);

    /// <summary>Posts an issue comment on the PR.</summary>
    Task<GitHubPost> CommentAsync(PullRequestRef pr, string body, CancellationToken cancellationToken);

    /// <summary>Posts a review (verdict, body, line comments) on the PR at <see cref="GitHubReview.CommitSha"/>.</summary>
    Task<GitHubPost> ReviewAsync(PullRequestRef pr, GitHubReview review, CancellationToken cancellationToken);
}
