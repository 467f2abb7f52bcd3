using System.Collections.Concurrent;
using Commune.GitHub;

namespace Commune.Tests.GitHub;

/// <summary>
/// An <see cref="IGitHubOutput"/> for tests: serves the diffs a test gives it (none otherwise) and records every post, as a real
/// GitHub would have received it. Not live.
/// </summary>
public sealed class TestGitHubOutput : IGitHubOutput
{
    private readonly ConcurrentDictionary<string, string> _diffs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(PullRequestRef Pr, GitHubReview Review)> _reviews = new();
    private readonly ConcurrentQueue<(PullRequestRef Pr, string Body)> _comments = new();
    private readonly ConcurrentQueue<(PullRequestRef Pr, string Sha, int MaxChars)> _diffRequests = new();
    private long _nextId;

    public bool IsLive => false;

    /// <summary>Every review posted, in order.</summary>
    public IReadOnlyList<(PullRequestRef Pr, GitHubReview Review)> Reviews => [.. _reviews];

    public IReadOnlyList<(PullRequestRef Pr, string Body)> Comments => [.. _comments];

    public IReadOnlyList<(PullRequestRef Pr, string Sha, int MaxChars)> DiffRequests => [.. _diffRequests];

    /// <summary>The diff served for a PR at a head SHA.</summary>
    public void SetDiff(PullRequestRef pr, string sha, string diff) => _diffs[pr.ReviewKey(sha)] = diff;

    /// <summary>Reviews posted on <paramref name="pr"/>.</summary>
    public IReadOnlyList<GitHubReview> ReviewsOn(PullRequestRef pr) => [.. _reviews.Where(r => r.Pr == pr).Select(r => r.Review)];

    public Task<string?> GetDiffAsync(PullRequestRef pr, string headSha, int maxChars, CancellationToken cancellationToken)
    {
        _diffRequests.Enqueue((pr, headSha, maxChars));
        return Task.FromResult(_diffs.TryGetValue(pr.ReviewKey(headSha), out var diff) ? (diff.Length > maxChars ? diff[..maxChars] : diff) : null);
    }

    public Task<GitHubPost> CommentAsync(PullRequestRef pr, string body, CancellationToken cancellationToken)
    {
        _comments.Enqueue((pr, body));
        return Task.FromResult(Post("comment", pr));
    }

    public Task<GitHubPost> ReviewAsync(PullRequestRef pr, GitHubReview review, CancellationToken cancellationToken)
    {
        _reviews.Enqueue((pr, review));
        return Task.FromResult(Post("review", pr));
    }

    private GitHubPost Post(string kind, PullRequestRef pr) =>
        new(kind, pr.Key, Interlocked.Increment(ref _nextId), null, Recorded: true, DateTimeOffset.UtcNow);
}
