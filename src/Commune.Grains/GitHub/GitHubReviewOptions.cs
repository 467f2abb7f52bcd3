namespace Commune.Grains.GitHub;

/// <summary><c>GitHub:Review:Enabled</c>; the review itself reads the rest of <c>GitHub:Review:*</c> (ReviewOptions).</summary>
public sealed class GitHubReviewOptions
{
    /// <summary>Whether sessions start a review of each new head SHA.</summary>
    public bool Enabled { get; set; } = true;
}
