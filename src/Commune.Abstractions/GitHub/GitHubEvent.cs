namespace Commune.GitHub;

/// <summary>
/// One webhook delivery as the sessions apply it: the routing facts (repository, target PRs, head SHA, sender) and the part of the payload
/// the event type carries. Built from the raw payload by the gateway; long texts are already cut.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.github.GitHubEvent")]
public sealed record GitHubEvent(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Event,
    [property: Id(2)] string? Action,
    [property: Id(3)] string Owner,
    [property: Id(4)] string Repo,
    [property: Id(5)] IReadOnlyList<PullTarget> Targets,
    [property: Id(6)] string? HeadSha,
    [property: Id(7)] string? Sender,
    [property: Id(8)] DateTimeOffset ReceivedAt,
    [property: Id(9)] PullRequestFacts? PullRequest = null,
    [property: Id(10)] GitHubComment? Comment = null,
    [property: Id(11)] GitHubReviewEvent? Review = null,
    [property: Id(12)] GitHubCheck? Check = null,
    [property: Id(13)] string? Before = null,
    [property: Id(14)] string? After = null)
{
    /// <summary><c>event.action</c>, e.g. <c>pull_request.synchronize</c>.</summary>
    public string Name => Action is null ? Event : Event + "." + Action;
}
