namespace Commune.GitHub;

/// <summary>One reviewer profile's measured precision per focus area.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewCalibration")]
public sealed record ReviewCalibration([property: Id(0)] string Profile, [property: Id(1)] IReadOnlyList<FocusCalibration> Focus)
{
    /// <summary>Whether the profile's non-critical findings in <paramref name="focus"/> are demoted in new reviews.</summary>
    public bool Demotes(string focus) => Focus.Any(f => f.Demoted && string.Equals(f.Focus, focus, StringComparison.Ordinal));
}
