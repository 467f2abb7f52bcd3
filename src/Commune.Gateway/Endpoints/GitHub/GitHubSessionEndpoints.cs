using System.Globalization;
using Commune.GitHub;

namespace Commune.Gateway.Endpoints.GitHub;

/// <summary>PR sessions (<c>/v1/sessions/github/{owner}/{repo}/pulls/{number}</c>) and the recording outbox (<c>/v1/github/outbox</c>).</summary>
public static class GitHubSessionEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapGitHubEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/sessions/github/{owner}/{repo}/pulls/{number}", GetSessionAsync)
            .WithTags("GitHub")
            .WithName("GetPullRequestSession")
            .WithSummary("A PR's session: head SHAs, commits, comments, reviews, checks, triages, agent summaries, spend, escalations, recent events.");
        v1.MapGet("/github/outbox", OutboxAsync)
            .WithTags("GitHub")
            .WithName("GitHubOutbox")
            .WithSummary("What would have been posted to GitHub when GitHub:Token is unset, newest first; ?pr=owner/repo%23n for one PR.");
        return v1;
    }

    private static async Task<IResult> GetSessionAsync(string owner, string repo, string number, IGrainFactory grains)
    {
        if (Ref(owner, repo, number) is not { } pr)
        {
            return Invalid($"'{owner}/{repo}' pull {number} is not a pull request: owner and repo must be GitHub names (letters, digits, '-', '_', '.'; " +
                           "at most 100 characters) and the number a whole number above 0.");
        }

        var session = await grains.GetGrain<IPullRequestSessionGrain>(pr.Key).GetAsync();
        return session is not null
            ? Results.Ok(session)
            : Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such session",
                detail: $"No GitHub event for {pr.Key} has reached Commune: its session starts with the first webhook delivery for the PR.",
                extensions: new Dictionary<string, object?> { ["code"] = "not_found" });
    }

    private static async Task<IResult> OutboxAsync(IGrainFactory grains, string? pr, string? limit)
    {
        string? key = null;
        if (!string.IsNullOrEmpty(pr))
        {
            if (!PullRequestRef.TryParse(pr, out var parsed))
            {
                return Invalid($"pr must be owner/repo#number (send # as %23), not '{pr}'.");
            }

            key = parsed.Key;
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Invalid($"limit must be a whole number between 1 and {MaxLimit}, not '{limit}'.");
        }

        var posts = await grains.GetGrain<IGitHubOutboxGrain>(IGitHubOutboxGrain.Key).ListAsync(key, count);
        return Results.Ok(new { posts });
    }

    private static PullRequestRef? Ref(string owner, string repo, string number) =>
        long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? PullRequestRef.Create(owner, repo, n) : null;

    private static IResult Invalid(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid request",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "invalid" });
}
