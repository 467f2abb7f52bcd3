namespace Commune.GitHub;

/// <summary>
/// A PR session as <c>GET /v1/sessions/github/{owner}/{repo}/pulls/{number}</c> shows it. <see cref="Status"/> is <c>active</c> or
/// <c>archived</c> (closed or merged: no more triage or review until reopened); <see cref="State"/> is GitHub's (open, closed, merged).
/// <see cref="Log"/> holds the most recent events; older ones are counted in <see cref="EventCounts"/> and folded into <see cref="Folded"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.PullRequestSessionView")]
public sealed record PullRequestSessionView(
    [property: Id(0)] string Key,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Repo,
    [property: Id(3)] int Number,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Author,
    [property: Id(6)] string State,
    [property: Id(7)] string Status,
    [property: Id(8)] string? HeadSha,
    [property: Id(9)] string? HeadRef,
    [property: Id(10)] string? BaseRef,
    [property: Id(11)] IReadOnlyList<string> HeadShas,
    [property: Id(12)] long CommitsSeen,
    [property: Id(13)] IReadOnlyList<string> RecentCommits,
    [property: Id(14)] long Comments,
    [property: Id(15)] long ReviewComments,
    [property: Id(16)] IReadOnlyList<HumanReview> Reviews,
    [property: Id(17)] IReadOnlyList<CheckResult> Checks,
    [property: Id(18)] IReadOnlyList<TriageRecord> Triages,
    [property: Id(19)] IReadOnlyList<ReviewDispatch> ReviewDispatches,
    [property: Id(20)] IReadOnlyList<AgentSummary> AgentSummaries,
    [property: Id(21)] IReadOnlyList<SessionEscalation> Escalations,
    [property: Id(22)] long TokensSpent,
    [property: Id(23)] long? TokenLimit,
    [property: Id(24)] string BudgetLedger,
    [property: Id(25)] long EventsApplied,
    [property: Id(26)] IReadOnlyDictionary<string, long> EventCounts,
    [property: Id(27)] long Folded,
    [property: Id(28)] IReadOnlyList<string> FoldedSummary,
    [property: Id(29)] IReadOnlyList<SessionLogEntry> Log,
    [property: Id(30)] DateTimeOffset FirstEventAt,
    [property: Id(31)] DateTimeOffset LastEventAt);
