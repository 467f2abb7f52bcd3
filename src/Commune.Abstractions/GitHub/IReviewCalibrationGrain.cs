namespace Commune.GitHub;

/// <summary>
/// How useful one reviewer profile's findings have been (key: the profile name): useful and noise marks per focus area. Each mark is kept
/// by finding, so a human who changes their mind replaces their mark instead of counting twice.
/// </summary>
[Alias("commune.github.IReviewCalibrationGrain")]
public interface IReviewCalibrationGrain : IGrainWithStringKey
{
    /// <summary>Records (or replaces) the mark on one finding this profile reported.</summary>
    Task<ReviewCalibration> MarkAsync(CalibrationMark mark);

    /// <summary>The profile's precision per focus area.</summary>
    Task<ReviewCalibration> GetAsync();
}
