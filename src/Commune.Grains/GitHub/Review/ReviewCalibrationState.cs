namespace Commune.Grains.GitHub.Review;

/// <summary>
/// A reviewer profile's marks, kept per finding (<c>owner/repo#n@sha/f3</c> → focus and verdict) so a changed mind replaces its mark;
/// the counts are derived from them.
/// </summary>
[GenerateSerializer, Alias("commune.github.ReviewCalibrationState")]
public sealed class ReviewCalibrationState
{
    [Id(0)] public Dictionary<string, MarkEntry> Marks { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public bool Indexed { get; set; }
}

/// <summary>One finding's mark as the calibration keeps it.</summary>
[GenerateSerializer, Alias("commune.github.MarkEntry")]
public sealed class MarkEntry
{
    [Id(0)] public string Focus { get; set; } = "";

    [Id(1)] public string Verdict { get; set; } = "";

    [Id(2)] public DateTimeOffset MarkedAt { get; set; }
}
