using System.Net;
using System.Text;
using System.Text.Json;
using Commune.GitHub;
using Commune.Grains.GitHub;
using Commune.Providers.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commune.Tests.GitHub;

/// <summary>The REST output against a real loopback HTTP server standing in for api.github.com (under an Enterprise-style /api/v3 prefix).</summary>
public sealed class GitHubRestOutputTests : IAsyncLifetime
{
    private const string Token = "ghs_test_installation_token_0123456789";
    private readonly List<(string Method, string Path, IHeaderDictionary Headers, string Body)> _requests = [];
    private readonly Lock _gate = new();
    private WebApplication _server = null!;
    private GitHubRestOutput _output = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(HandleAsync);
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = Options.Create(new GitHubOptions { Token = Token, ApiUrl = new Uri(address + "/api/v3") });
        _output = new GitHubRestOutput(_services.GetRequiredService<IHttpClientFactory>(), options, new SecretRedactor([Token]), TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_comment_is_posted_to_the_issue_comments_endpoint_with_token_version_and_user_agent()
    {
        var pr = PullRequestRef.Create("Octo-Org", "hello.world", 42)!;
        var post = await _output.CommentAsync(pr, "**CI triage**: the retry loop exits early.", CancellationToken.None);

        var (method, path, headers, body) = Assert.Single(_requests);
        Assert.Equal("POST", method);
        Assert.Equal("/api/v3/repos/octo-org/hello.world/issues/42/comments", path);
        Assert.Equal("Bearer " + Token, headers.Authorization.ToString());
        Assert.Equal("2022-11-28", headers["X-GitHub-Api-Version"].ToString());
        Assert.StartsWith("Commune", headers.UserAgent.ToString(), StringComparison.Ordinal);
        Assert.Contains("application/vnd.github+json", headers.Accept.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("**CI triage**: the retry loop exits early.", json.RootElement.GetProperty("body").GetString());

        Assert.True(_output.IsLive);
        Assert.Equal(1_999_000_001, post.Id);
        Assert.Equal("https://github.com/octo-org/hello.world/pull/42#issuecomment-1999000001", post.Url);
        Assert.False(post.Recorded);
        Assert.Equal("comment", post.Kind);
    }

    [Fact]
    public async Task A_review_is_posted_with_commit_event_body_and_right_side_line_comments()
    {
        var pr = PullRequestRef.Create("octo-org", "hello-world", 7)!;
        var review = new GitHubReview("6dcb09b5b57875f334f61aebed695e2e4193db5e", "REQUEST_CHANGES", "Two findings.",
            [new GitHubReviewComment("src/upload.py", 14, "Unbounded retry."), new GitHubReviewComment("tests/test_upload.py", 3, "No 503 case.")]);
        var post = await _output.ReviewAsync(pr, review, CancellationToken.None);

        var (method, path, _, body) = Assert.Single(_requests);
        Assert.Equal("POST", method);
        Assert.Equal("/api/v3/repos/octo-org/hello-world/pulls/7/reviews", path);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("6dcb09b5b57875f334f61aebed695e2e4193db5e", root.GetProperty("commit_id").GetString());
        Assert.Equal("REQUEST_CHANGES", root.GetProperty("event").GetString());
        Assert.Equal("Two findings.", root.GetProperty("body").GetString());
        var comments = root.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(2, comments.Count);
        Assert.Equal("src/upload.py", comments[0].GetProperty("path").GetString());
        Assert.Equal(14, comments[0].GetProperty("line").GetInt32());
        Assert.Equal("RIGHT", comments[0].GetProperty("side").GetString());
        Assert.Equal("Unbounded retry.", comments[0].GetProperty("body").GetString());
        Assert.Equal(80, post.Id);
        Assert.Equal("review", post.Kind);
    }

    [Fact]
    public async Task The_diff_is_read_with_the_diff_media_type_and_cut_at_the_limit()
    {
        var pr = PullRequestRef.Create("octo-org", "hello-world", 9)!;
        var diff = await _output.GetDiffAsync(pr, "6dcb09b5b57875f334f61aebed695e2e4193db5e", 40, CancellationToken.None);

        var (method, path, headers, _) = Assert.Single(_requests);
        Assert.Equal("GET", method);
        Assert.Equal("/api/v3/repos/octo-org/hello-world/pulls/9", path);
        Assert.Equal("application/vnd.github.diff", headers.Accept.ToString());
        Assert.Equal(DiffText[..40], diff);
    }

    [Fact]
    public async Task A_refusal_is_an_error_naming_the_status_path_and_githubs_message()
    {
        var pr = PullRequestRef.Create("octo-org", "locked-repo", 5)!;
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => _output.CommentAsync(pr, "hello", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/repos/octo-org/locked-repo/issues/5/comments", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Resource not accessible by integration", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);

        var gone = PullRequestRef.Create("octo-org", "server-error", 5)!;
        var server = await Assert.ThrowsAsync<GitHubApiException>(() => _output.GetDiffAsync(gone, "abc", 100, CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadGateway, server.Status);
    }

    private const string DiffText = "diff --git a/src/upload.py b/src/upload.py\nindex 83db48f..bf269f4 100644\n--- a/src/upload.py\n+++ b/src/upload.py\n";

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        lock (_gate)
        {
            _requests.Add((context.Request.Method, context.Request.Path.Value!, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)), body));
        }

        var path = context.Request.Path.Value!;
        if (path.Contains("/locked-repo/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsJsonAsync(new { message = "Resource not accessible by integration", documentation_url = "https://docs.github.com/rest/issues/comments#create-an-issue-comment", status = "403" });
        }
        else if (path.Contains("/server-error/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("<html>Bad gateway</html>");
        }
        else if (path.EndsWith("/comments", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 201;
            await context.Response.WriteAsJsonAsync(new { id = 1_999_000_001L, node_id = "IC_kwDOexample", html_url = "https://github.com/octo-org/hello.world/pull/42#issuecomment-1999000001", body = "…" });
        }
        else if (path.EndsWith("/reviews", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new { id = 80, node_id = "PRR_kwDOexample", state = "CHANGES_REQUESTED", html_url = "https://github.com/octo-org/hello-world/pull/7#pullrequestreview-80" });
        }
        else
        {
            context.Response.ContentType = "text/x-diff";
            await context.Response.WriteAsync(DiffText + new string('+', 10_000));
        }
    }
}
