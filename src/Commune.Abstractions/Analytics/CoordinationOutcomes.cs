namespace Commune.Analytics;

/// <summary><see cref="CoordinationObservation.Outcome"/> values, and the team outcome signal's idle value.</summary>
public static class CoordinationOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>A step with neither (the outcome signal's third value).</summary>
    public const string None = "none";

    public static bool IsValid(string? outcome) => outcome is null or Success or Failure;
}
