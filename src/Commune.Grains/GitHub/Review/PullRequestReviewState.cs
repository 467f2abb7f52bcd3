using Commune.GitHub;

namespace Commune.Grains.GitHub.Review;

/// <summary>The review of one head SHA, as stored. <see cref="Status"/> is null until the first start.</summary>
[GenerateSerializer, Alias("commune.github.PullRequestReviewState")]
public sealed class PullRequestReviewState
{
    [Id(0)] public ReviewRequest? Request { get; set; }

    [Id(1)] public string? Status { get; set; }

    [Id(2)] public string? Verdict { get; set; }

    [Id(3)] public string? Summary { get; set; }

    [Id(4)] public List<ReviewFinding> Findings { get; set; } = [];

    [Id(5)] public List<ReviewerRun> Reviewers { get; set; } = [];

    [Id(6)] public long TokensUsed { get; set; }

    [Id(7)] public DateTimeOffset StartedAt { get; set; }

    [Id(8)] public DateTimeOffset? CompletedAt { get; set; }

    [Id(9)] public string? Error { get; set; }

    [Id(10)] public GitHubPost? Posted { get; set; }

    [Id(11)] public bool BudgetExceeded { get; set; }

    /// <summary>How many times the review was started (a failed or interrupted one may be started again).</summary>
    [Id(12)] public int Attempts { get; set; }

    [Id(13)] public bool DiffIncluded { get; set; }
}
