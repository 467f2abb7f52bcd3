using Orleans.Concurrency;

namespace Commune.GitHub;

/// <summary>
/// The multi-model review of one head SHA (key <see cref="PullRequestRef.ReviewKey"/>): reviewers with distinct roles run in parallel,
/// a validator confirms their findings, the merged result is posted once and reported to the PR's session. Idempotent per SHA.
/// </summary>
[Alias("commune.github.IPullRequestReviewGrain")]
public interface IPullRequestReviewGrain : IGrainWithStringKey
{
    /// <summary>Starts the review unless it already ran or is running; reports back with <see cref="IPullRequestSessionGrain.ReviewCompletedAsync"/>.</summary>
    [OneWay]
    Task StartAsync(ReviewRequest request);

    /// <summary>The review, or null when it was never started.</summary>
    [AlwaysInterleave]
    Task<ReviewView?> GetAsync();

    /// <summary>A human marks a finding <c>useful</c> or <c>noise</c>; a new mark replaces the earlier one in the reviewers' calibration.</summary>
    Task<ReviewFeedbackResult> FeedbackAsync(ReviewFeedback feedback);
}
