namespace Commune.GitHub;

/// <summary>
/// A human's mark on one finding, as a reviewer profile is credited with it: <see cref="Finding"/> identifies the finding across reviews
/// (<c>owner/repo#n@sha/f3</c>), <see cref="Verdict"/> is <c>useful</c> or <c>noise</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.CalibrationMark")]
public sealed record CalibrationMark([property: Id(0)] string Finding, [property: Id(1)] string Focus, [property: Id(2)] string Verdict);
