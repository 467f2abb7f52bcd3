namespace Commune.GitHub;

/// <summary>
/// A completed check: <see cref="Kind"/> is <c>check_run</c>, <c>check_suite</c> or <c>workflow_run</c>; <see cref="Name"/> the check's name
/// (a suite's app name, a workflow's name). The output texts are what a triage reads.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubCheck")]
public sealed record GitHubCheck(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] string HeadSha,
    [property: Id(3)] string? Conclusion,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Summary,
    [property: Id(6)] string? Text,
    [property: Id(7)] string? DetailsUrl)
{
    /// <summary>The check as a triage remembers it: <c>kind:name</c>.</summary>
    public string Key => Kind + ":" + Name;
}
