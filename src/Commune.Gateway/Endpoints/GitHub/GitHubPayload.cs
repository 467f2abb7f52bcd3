using System.Text.Json;
using Commune.GitHub;

namespace Commune.Gateway.Endpoints.GitHub;

/// <summary>
/// Reads a webhook payload (GitHub's documented shapes) into the <see cref="GitHubEvent"/> the sessions apply, or says why it is ignored
/// (an event or action sessions do not follow) or invalid (a followed event without the fields it must carry).
/// </summary>
public static class GitHubPayload
{
    public const int MaxBodyChars = 4000;
    public const int MaxOutputChars = 65_536;
    public const int MaxActionChars = 50;

    private static readonly string[] PullRequestActions = ["opened", "synchronize", "reopened", "edited", "closed"];

    /// <summary>The outcome of reading a payload: exactly one of the three is set.</summary>
    public sealed record Result(GitHubEvent? Event, string? Ignored, string? Invalid);

    public static Result Read(string eventName, string deliveryId, JsonElement root, DateTimeOffset now)
    {
        var action = Str(root, "action");
        var name = action is null ? eventName : eventName + "." + action;
        if (eventName is not ("pull_request" or "issue_comment" or "pull_request_review" or "pull_request_review_comment"
            or "check_run" or "check_suite" or "workflow_run"))
        {
            return Ignore($"'{eventName}' events are not followed by PR sessions");
        }

        if (action is not null && (action.Length is 0 or > MaxActionChars || !action.All(c => char.IsAsciiLetterLower(c) || c == '_')))
        {
            // The action names a counter the session keeps forever: only GitHub's shape (lower-case words) may become one.
            return Invalid($"action must be 1-{MaxActionChars} lower-case letters or '_'");
        }

        if (eventName == "pull_request" && (action is null || !PullRequestActions.Contains(action)))
        {
            return Ignore($"'{name}' is not followed (only {string.Join(", ", PullRequestActions)})");
        }

        if (eventName is "check_run" or "check_suite" or "workflow_run" && action != "completed")
        {
            return Ignore($"'{name}' is not followed (only completed checks)");
        }

        if (Obj(root, "repository") is not { } repository
            || Str(Obj(repository, "owner"), "login") is not { } ownerName || Str(repository, "name") is not { } repoName)
        {
            return Invalid("the payload has no repository.owner.login and repository.name");
        }

        if (PullRequestRef.Create(ownerName, repoName, 1) is not { } repo)
        {
            return Invalid($"'{ownerName}/{repoName}' is not a valid GitHub repository name");
        }

        var sender = Str(Obj(root, "sender"), "login");
        var e = new GitHubEvent(deliveryId, eventName, action, repo.Owner, repo.Repo, [], null, sender, now);
        return eventName switch
        {
            "pull_request" => PullRequest(e, root),
            "issue_comment" => IssueComment(e, root),
            "pull_request_review" => Review(e, root),
            "pull_request_review_comment" => ReviewComment(e, root),
            _ => Check(e, root, repository),
        };
    }

    /// <summary>Whether <c>sender</c> is the app's own bot or a configured ignored sender.</summary>
    public static bool IsIgnoredSender(JsonElement root, string? botLogin, IReadOnlyCollection<string> ignored)
    {
        var sender = Obj(root, "sender");
        var login = Str(sender, "login");
        if (login is null)
        {
            return false;
        }

        var isBot = string.Equals(Str(sender, "type"), "Bot", StringComparison.Ordinal);
        return (isBot && string.Equals(login, botLogin, StringComparison.OrdinalIgnoreCase))
            || ignored.Contains(login, StringComparer.OrdinalIgnoreCase);
    }

    private static Result PullRequest(GitHubEvent e, JsonElement root)
    {
        if (Facts(Obj(root, "pull_request")) is not { } facts || Number(Obj(root, "pull_request")) is not { } number)
        {
            return Invalid("a pull_request event needs pull_request.number, .title and .head.sha");
        }

        return Accept(e with
        {
            Targets = [new PullTarget(number, facts.HeadSha)],
            HeadSha = facts.HeadSha,
            PullRequest = facts,
            Before = Sha(Str(root, "before")),
            After = Sha(Str(root, "after")),
        });
    }

    private static Result IssueComment(GitHubEvent e, JsonElement root)
    {
        var issue = Obj(root, "issue");
        if (issue is null || Obj(issue, "pull_request") is null)
        {
            return Ignore("a comment on an issue, not on a pull request");
        }

        if (Number(issue) is not { } number || Comment(Obj(root, "comment")) is not { } comment)
        {
            return Invalid("an issue_comment event needs issue.number and comment.id");
        }

        return Accept(e with { Targets = [new PullTarget(number, null)], Comment = comment });
    }

    private static Result Review(GitHubEvent e, JsonElement root)
    {
        var pr = Obj(root, "pull_request");
        var review = Obj(root, "review");
        if (Number(pr) is not { } number || review is null || Long(review, "id") is not { } id)
        {
            return Invalid("a pull_request_review event needs pull_request.number and review.id");
        }

        var body = Str(review, "body");
        var reviewed = new GitHubReviewEvent(id, Str(Obj(review, "user"), "login"), Str(review, "state") ?? "commented", Cut(body, MaxBodyChars), Sha(Str(review, "commit_id")));
        return Accept(e with { Targets = [new PullTarget(number, Sha(Str(Obj(pr, "head"), "sha")))], Review = reviewed });
    }

    private static Result ReviewComment(GitHubEvent e, JsonElement root)
    {
        var pr = Obj(root, "pull_request");
        if (Number(pr) is not { } number || Comment(Obj(root, "comment")) is not { } comment)
        {
            return Invalid("a pull_request_review_comment event needs pull_request.number and comment.id");
        }

        return Accept(e with { Targets = [new PullTarget(number, Sha(Str(Obj(pr, "head"), "sha")))], Comment = comment });
    }

    private static Result Check(GitHubEvent e, JsonElement root, JsonElement repository)
    {
        var body = Obj(root, e.Event);
        if (body is not { } run || Sha(Str(run, "head_sha")) is not { } headSha)
        {
            return Invalid($"a {e.Event} event needs {e.Event}.head_sha");
        }

        GitHubCheck check = e.Event switch
        {
            "check_run" => new GitHubCheck(
                e.Event, Str(run, "name") ?? "check", headSha, Str(run, "conclusion"),
                Cut(Str(Obj(run, "output"), "title"), MaxBodyChars), Cut(Str(Obj(run, "output"), "summary"), MaxBodyChars),
                Tail(Str(Obj(run, "output"), "text")), Str(run, "details_url") ?? Str(run, "html_url")),
            "check_suite" => new GitHubCheck(
                e.Event, Str(Obj(run, "app"), "name") ?? "check suite", headSha, Str(run, "conclusion"),
                null, $"check suite on {Str(run, "head_branch") ?? "?"}", null, null),
            _ => new GitHubCheck(
                e.Event, Str(run, "name") ?? "workflow", headSha, Str(run, "conclusion"),
                Cut(Str(run, "display_title"), MaxBodyChars),
                $"workflow run #{Long(run, "run_number")} ({Str(run, "event") ?? "?"}) on {Str(run, "head_branch") ?? "?"}",
                null, Str(run, "html_url")),
        };

        // Only the PRs of this repository: a fork's check can list PRs of another repository.
        var repositoryId = Long(repository, "id");
        var targets = new List<PullTarget>();
        if (run.TryGetProperty("pull_requests", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                var baseRepoId = Long(Obj(Obj(item, "base"), "repo"), "id");
                if (Number(item) is { } number && (baseRepoId is null || repositoryId is null || baseRepoId == repositoryId)
                    && targets.TrueForAll(t => t.Number != number))
                {
                    targets.Add(new PullTarget(number, Sha(Str(Obj(item, "head"), "sha")) ?? headSha));
                }
            }
        }

        return Accept(e with { Targets = targets, HeadSha = headSha, Check = check });
    }

    private static PullRequestFacts? Facts(JsonElement? pr)
    {
        if (pr is not { } p || Str(p, "title") is not { } title || Sha(Str(Obj(p, "head"), "sha")) is not { } headSha)
        {
            return null;
        }

        var merged = p.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
        return new PullRequestFacts(
            Cut(title, 500)!, Cut(Str(p, "body"), MaxBodyChars), Str(Obj(p, "user"), "login"), headSha,
            Str(Obj(p, "head"), "ref"), Str(Obj(p, "base"), "ref"), merged, Str(p, "html_url"));
    }

    private static GitHubComment? Comment(JsonElement? comment)
    {
        if (comment is not { } c || Long(c, "id") is not { } id)
        {
            return null;
        }

        var line = Long(c, "line") is { } l and > 0 and <= int.MaxValue ? (int)l : (int?)null;
        return new GitHubComment(id, Str(Obj(c, "user"), "login"), Cut(Str(c, "body"), MaxBodyChars) ?? "", Str(c, "path"), line, Str(c, "html_url"));
    }

    private static int? Number(JsonElement? element) =>
        Long(element, "number") is { } n and > 0 and <= int.MaxValue ? (int)n : null;

    private static JsonElement? Obj(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    /// <summary>A commit SHA in lower case, or null when it is not 40 (SHA-1) or 64 (SHA-256) hex digits.</summary>
    private static string? Sha(string? value) =>
        value is { Length: 40 or 64 } && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;

    private static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;

    private static string? Tail(string? text) => text is { } t && t.Length > MaxOutputChars ? t[^MaxOutputChars..] : text;

    private static Result Accept(GitHubEvent e) => new(e, null, null);

    private static Result Ignore(string reason) => new(null, reason, null);

    private static Result Invalid(string reason) => new(null, null, reason);
}
