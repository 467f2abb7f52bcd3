namespace Commune.GitHub;

/// <summary>
/// One merged finding of a review. <see cref="Reviewers"/> are the reviewer profiles that reported it independently (more ranks higher);
/// <see cref="Severity"/> is <c>critical</c>, <c>high</c>, <c>medium</c> or <c>low</c>; <see cref="Confirmed"/> is the validator's word;
/// <see cref="Demoted"/> marks a non-critical finding from a reviewer whose measured precision is below the threshold;
/// <see cref="Feedback"/> is a human's <c>useful</c> or <c>noise</c> mark and <see cref="FeedbackBy"/> who gave it.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewFinding")]
public sealed record ReviewFinding(
    [property: Id(0)] string Id,
    [property: Id(1)] string Focus,
    [property: Id(2)] string Severity,
    [property: Id(3)] string Title,
    [property: Id(4)] string Detail,
    [property: Id(5)] string? Path,
    [property: Id(6)] int? Line,
    [property: Id(7)] IReadOnlyList<string> Reviewers,
    [property: Id(8)] bool? Confirmed,
    [property: Id(9)] bool Demoted,
    [property: Id(10)] double Score,
    [property: Id(11)] string? Feedback,
    [property: Id(12)] string? FeedbackBy = null);
