namespace Commune.GitHub;

/// <summary>
/// How a triage ended: the answer (and the comment posted with it), or the model-call error. <see cref="BudgetExceeded"/>: the PR's
/// ledger refused the call; nothing was posted.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.TriageOutcome")]
public sealed record TriageOutcome(
    [property: Id(0)] string HeadSha,
    [property: Id(1)] string Check,
    [property: Id(2)] string? Text,
    [property: Id(3)] string? Model,
    [property: Id(4)] bool Simulated,
    [property: Id(5)] long Tokens,
    [property: Id(6)] GitHubPost? Posted,
    [property: Id(7)] string? ErrorCode,
    [property: Id(8)] string? Error,
    [property: Id(9)] bool BudgetExceeded,
    [property: Id(10)] string? EscalationId,
    [property: Id(11)] DateTimeOffset CompletedAt);
