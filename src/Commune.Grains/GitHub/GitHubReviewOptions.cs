namespace Commune.Grains.GitHub;

/// <summary><c>GitHub:Reviews:*</c>.</summary>
public sealed class GitHubReviewOptions
{
    /// <summary>Whether sessions start a review of each new head SHA.</summary>
    public bool Enabled { get; set; } = true;
}
