namespace Commune.GitHub;

/// <summary>The marks a human can give a finding.</summary>
public static class FeedbackVerdicts
{
    public const string Useful = "useful";

    public const string Noise = "noise";

    /// <summary>Whether <paramref name="verdict"/> is one of the marks (exact, lower case).</summary>
    public static bool IsValid(string? verdict) => verdict is Useful or Noise;
}
