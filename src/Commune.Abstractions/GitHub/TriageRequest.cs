namespace Commune.GitHub;

/// <summary>A failed check to diagnose with the <c>ci-triage</c> profile, charged to the PR's ledger.</summary>
[GenerateSerializer, Immutable, Alias("commune.github.TriageRequest")]
public sealed record TriageRequest(
    [property: Id(0)] PullRequestRef PullRequest,
    [property: Id(1)] GitHubCheck Check,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? HeadRef,
    [property: Id(4)] string? BaseRef,
    [property: Id(5)] string? TraceId);
