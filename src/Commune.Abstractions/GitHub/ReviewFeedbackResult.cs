namespace Commune.GitHub;

/// <summary>The finding as marked, or why the mark was refused (<see cref="ErrorCode"/> is one of <see cref="ReviewErrorCode"/>).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.ReviewFeedbackResult")]
public sealed record ReviewFeedbackResult(
    [property: Id(0)] ReviewFinding? Finding,
    [property: Id(1)] string? ErrorCode,
    [property: Id(2)] string? Error)
{
    public static ReviewFeedbackResult Refused(string code, string message) => new(null, code, message);
}
