namespace Commune.Grains.GitHub.Review;

/// <summary>The built-in reviewer roles; each is also the focus area its findings default to.</summary>
public static class ReviewRoles
{
    public const string Style = "style";
    public const string Security = "security";
    public const string Performance = "performance";
    public const string Tests = "tests";

    /// <summary>The validator's role in <see cref="Commune.GitHub.ReviewerRun.Role"/>.</summary>
    public const string Validator = "validator";
}
