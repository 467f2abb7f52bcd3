namespace Commune.GitHub;

/// <summary>
/// One CI triage, remembered so it runs at most once per (head SHA, check). <see cref="Status"/>: <c>running</c>, <c>completed</c>,
/// <c>failed</c> (the chain gave no answer) or <c>budget_exceeded</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.TriageRecord")]
public sealed record TriageRecord(
    [property: Id(0)] string HeadSha,
    [property: Id(1)] string Check,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] string? Error);
