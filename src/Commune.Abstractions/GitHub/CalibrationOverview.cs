namespace Commune.GitHub;

/// <summary>Every reviewer profile's calibration and the thresholds that decide demotion.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.CalibrationOverview")]
public sealed record CalibrationOverview(
    [property: Id(0)] double MinPrecision,
    [property: Id(1)] int MinFeedback,
    [property: Id(2)] IReadOnlyList<ReviewCalibration> Profiles);
