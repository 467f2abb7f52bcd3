namespace Commune.GitHub;

/// <summary>
/// The PR's agents stopped and a person should look ("needs human review"): why, what the PR's ledger had spent of its limit, and the
/// ledger's escalation id in <c>GET /v1/escalations</c> when it raised one.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.SessionEscalation")]
public sealed record SessionEscalation(
    [property: Id(0)] string Source,
    [property: Id(1)] string Reason,
    [property: Id(2)] long TokensSpent,
    [property: Id(3)] long? TokenLimit,
    [property: Id(4)] string? EscalationId,
    [property: Id(5)] string? HeadSha,
    [property: Id(6)] DateTimeOffset At);
