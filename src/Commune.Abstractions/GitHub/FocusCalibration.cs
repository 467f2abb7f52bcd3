namespace Commune.GitHub;

/// <summary>
/// Marks on a profile's findings in one focus area. <see cref="Precision"/> is useful / (useful + noise), null before any mark;
/// <see cref="Demoted"/> says there are enough marks and the precision is below the configured minimum.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.FocusCalibration")]
public sealed record FocusCalibration(
    [property: Id(0)] string Focus,
    [property: Id(1)] int Useful,
    [property: Id(2)] int Noise,
    [property: Id(3)] double? Precision,
    [property: Id(4)] bool Demoted);
