namespace Commune.GitHub;

/// <summary>A human's mark on one finding: <see cref="Verdict"/> is <c>useful</c> or <c>noise</c> (<see cref="FeedbackVerdicts"/>).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewFeedback")]
public sealed record ReviewFeedback([property: Id(0)] string FindingId, [property: Id(1)] string Verdict, [property: Id(2)] string? By);
