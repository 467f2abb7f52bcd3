namespace Commune.Gateway.Endpoints.Reviews;

/// <summary><c>POST …/findings/{id}/feedback</c> body: <c>useful</c> or <c>noise</c>, and optionally who says so.</summary>
public sealed record FeedbackRequest(string? Verdict, string? By);
