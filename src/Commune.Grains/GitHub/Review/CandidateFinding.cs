namespace Commune.Grains.GitHub.Review;

/// <summary>One finding as one reviewer reported it, normalised (severity one of <see cref="ReviewSeverity.All"/>, focus lower case).</summary>
public sealed record CandidateFinding(string Reviewer, string Focus, string Severity, string Title, string Detail, string? Path, int? Line);
