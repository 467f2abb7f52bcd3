using System.Globalization;

namespace Commune.Tests.GitHub;

/// <summary>
/// The webhook payload fixtures under <c>GitHub/Payloads</c> (GitHub's documented shapes), rendered for one test's repository and PR so
/// tests sharing a gateway never meet.
/// </summary>
public sealed record GitHubPayloads(string Owner, string Repo, int Number = 1)
{
    public string HeadSha { get; init; } = NewSha();

    public string BeforeSha { get; init; } = NewSha();

    public string Sender { get; init; } = "octocat";

    public string SenderType { get; init; } = "User";

    public string Conclusion { get; init; } = "failure";

    public string CheckName { get; init; } = "test";

    public long CommentId { get; init; } = 1_900_000_001;

    public string Body { get; init; } = "Looks good once the retry is bounded.";

    /// <summary>When false, check payloads list no PR (as for a fork's checks): routing falls back to the head SHA index.</summary>
    public bool ListPullRequests { get; init; } = true;

    public long RepositoryId { get; init; } = 700_000_000 + Random.Shared.Next(1_000_000);

    /// <summary>A repository no other test uses.</summary>
    public static GitHubPayloads Unique(int number = 1) => new("Org-" + Guid.NewGuid().ToString("N")[..8], "Repo." + Guid.NewGuid().ToString("N")[..6], number);

    public static string NewSha() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];

    /// <summary>The session key (lower-case, as the sessions normalise it).</summary>
    public string Key => $"{Owner}/{Repo}#{Number}".ToLowerInvariant();

    /// <summary>The path of the session route.</summary>
    public string SessionPath => $"/v1/sessions/github/{Owner}/{Repo}/pulls/{Number}";

    /// <summary>A fixture file (<c>pull_request.opened</c>, <c>check_run.completed</c>…) with this PR's values filled in.</summary>
    public string Render(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "GitHub", "Payloads", name + ".json"));
        if (!ListPullRequests)
        {
            text = System.Text.RegularExpressions.Regex.Replace(text, "\"pull_requests\": \\[[^\\]]*\\]", "\"pull_requests\": []");
        }

        return text
            .Replace("__OWNER__", Owner, StringComparison.Ordinal)
            .Replace("__REPO_ID__", RepositoryId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__REPO__", Repo, StringComparison.Ordinal)
            .Replace("__NUMBER__", Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__HEAD_SHA__", HeadSha, StringComparison.Ordinal)
            .Replace("__BEFORE_SHA__", BeforeSha, StringComparison.Ordinal)
            .Replace("__SENDER_TYPE__", SenderType, StringComparison.Ordinal)
            .Replace("__SENDER__", Sender, StringComparison.Ordinal)
            .Replace("__CONCLUSION__", Conclusion, StringComparison.Ordinal)
            .Replace("__CHECK_NAME__", CheckName, StringComparison.Ordinal)
            .Replace("__COMMENT_ID__", CommentId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__BODY__", Body, StringComparison.Ordinal);
    }

    /// <summary>The GitHub event name of a fixture (<c>check_run.completed</c> → <c>check_run</c>).</summary>
    public static string EventOf(string name) => name.Split('.')[0];
}
