namespace Commune.Grains.GitHub.Review;

/// <summary>The reviewer profiles that have calibration marks.</summary>
[GenerateSerializer, Alias("commune.github.ReviewCalibrationIndexState")]
public sealed class ReviewCalibrationIndexState
{
    [Id(0)] public List<string> Profiles { get; set; } = [];
}
