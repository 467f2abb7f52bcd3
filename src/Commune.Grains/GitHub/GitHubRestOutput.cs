using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.GitHub;
using Commune.Providers.Errors;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub;

/// <summary>
/// GitHub's REST API with the token at <c>GitHub:Token</c>: issue comments, pull request reviews, and the PR diff
/// (<c>application/vnd.github.diff</c>). A refusal is a <see cref="GitHubApiException"/> naming the status and GitHub's message.
/// </summary>
public sealed class GitHubRestOutput(IHttpClientFactory clients, IOptions<GitHubOptions> options, SecretRedactor redactor, TimeProvider time) : IGitHubOutput
{
    public const string ClientName = "github";
    public const string ApiVersion = "2022-11-28";
    public const string UserAgent = "Commune";

    public bool IsLive => true;

    public async Task<string?> GetDiffAsync(PullRequestRef pr, string headSha, int maxChars, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"repos/{Path(pr)}/pulls/{Number(pr)}");
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github.diff"));
        using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureAsync(response, "GET", request.RequestUri!, cancellationToken);

        // Read only what is kept: a huge diff is cut, not buffered whole.
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var buffer = new char[Math.Max(0, maxChars)];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new string(buffer, 0, read);
    }

    public async Task<GitHubPost> CommentAsync(PullRequestRef pr, string body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"repos/{Path(pr)}/issues/{Number(pr)}/comments");
        request.Content = JsonContent.Create(new JsonObject { ["body"] = body });
        return await PostAsync(request, "comment", pr, cancellationToken);
    }

    public async Task<GitHubPost> ReviewAsync(PullRequestRef pr, GitHubReview review, CancellationToken cancellationToken)
    {
        var comments = new JsonArray();
        foreach (var c in review.Comments)
        {
            comments.Add(new JsonObject { ["path"] = c.Path, ["line"] = c.Line, ["side"] = "RIGHT", ["body"] = c.Body });
        }

        using var request = Request(HttpMethod.Post, $"repos/{Path(pr)}/pulls/{Number(pr)}/reviews");
        request.Content = JsonContent.Create(new JsonObject
        {
            ["commit_id"] = review.CommitSha,
            ["event"] = review.Event,
            ["body"] = review.Body,
            ["comments"] = comments,
        });
        return await PostAsync(request, "review", pr, cancellationToken);
    }

    private async Task<GitHubPost> PostAsync(HttpRequestMessage request, string kind, PullRequestRef pr, CancellationToken cancellationToken)
    {
        using var response = await Client().SendAsync(request, cancellationToken);
        await EnsureAsync(response, request.Method.Method, request.RequestUri!, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = json.RootElement;
        long? id = root.TryGetProperty("id", out var i) && i.TryGetInt64(out var n) ? n : null;
        var url = root.TryGetProperty("html_url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        return new GitHubPost(kind, pr.Key, id, url, false, time.GetUtcNow());
    }

    private HttpClient Client() => clients.CreateClient(ClientName);

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var o = options.Value;
        var baseUrl = o.ApiUrl.AbsoluteUri.EndsWith('/') ? o.ApiUrl : new Uri(o.ApiUrl.AbsoluteUri + "/");
        var request = new HttpRequestMessage(method, new Uri(baseUrl, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue(UserAgent, "1.0"));
        return request;
    }

    private async Task EnsureAsync(HttpResponseMessage response, string method, Uri uri, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = body;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                message = m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): keep the start of the text.
        }

        if (message.Length > 300)
        {
            message = message[..300];
        }

        // The message ends up in logs and triage outcomes; a proxy's page may echo the token.
        throw new GitHubApiException(
            response.StatusCode,
            $"GitHub refused {method} {uri.AbsolutePath}: {(int)response.StatusCode} {response.ReasonPhrase}: {redactor.Redact(message)}");
    }

    private static string Path(PullRequestRef pr) => Uri.EscapeDataString(pr.Owner) + "/" + Uri.EscapeDataString(pr.Repo);

    private static string Number(PullRequestRef pr) => pr.Number.ToString(CultureInfo.InvariantCulture);
}
