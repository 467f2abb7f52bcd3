namespace Commune.Grains.GitHub.Review;

/// <summary>Values of <see cref="Commune.GitHub.ReviewView.Status"/>.</summary>
public static class ReviewStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
