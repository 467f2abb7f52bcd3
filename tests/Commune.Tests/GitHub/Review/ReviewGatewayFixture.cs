using System.Net;
using System.Text.Json;
using Commune.GitHub;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.GitHub.Review;

/// <summary>
/// An embedded gateway whose review profiles point at models of one fake provider (a distinct model per role, alternating OpenAI and
/// Anthropic dialects), with a <see cref="TestGitHubOutput"/> in place of GitHub. Tests script each role's model and give each review its
/// own PR, so counts are taken per review key (it is in every prompt).
/// </summary>
public sealed class ReviewGatewayFixture : IAsyncLifetime
{
    /// <summary>Reviewer role → the fake model its profile calls first.</summary>
    public static readonly IReadOnlyDictionary<string, string> Models = new Dictionary<string, string>
    {
        ["style"] = "rv-style",
        ["security"] = "rv-security",
        ["performance"] = "rv-performance",
        ["tests"] = "rv-tests",
        ["validator"] = "rv-validator",
    };

    private static int _nextPr = 1000;

    public FakeProviderServer Fake { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public TestGitHubOutput GitHub { get; } = new();

    public HttpClient Client => Gateway.Client;

    public IGrainFactory Grains => Gateway.Services.GetRequiredService<IGrainFactory>();

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviderServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Models:Chain:RetryBaseDelay"] = "00:00:00.050",
            ["Models:Breaker:FailureThreshold"] = "1000",
            ["Providers:oa1:Kind"] = "openai",
            ["Providers:oa1:BaseUrl"] = Fake.OpenAiBaseUrl.ToString(),
            ["Providers:oa1:ApiKey"] = "test-openai-key",
            ["Providers:an1:Kind"] = "anthropic",
            ["Providers:an1:BaseUrl"] = Fake.AnthropicBaseUrl.ToString(),
            ["Providers:an1:ApiKey"] = "test-anthropic-key",
        };
        var anthropic = true;
        foreach (var (role, model) in Models)
        {
            anthropic = !anthropic;
            var profile = "review-" + role;
            settings[$"Agents:{profile}:model"] = (anthropic ? "an1/" : "oa1/") + model;
            settings[$"Agents:{profile}:fallbacks:0"] = (anthropic ? "oa1/" : "an1/") + model + "-fallback";
            settings[$"Agents:{profile}:timeout"] = "5";
        }

        Gateway = await GatewayHost.StartAsync(settings, services: s => s.AddSingleton<IGitHubOutput>(GitHub));
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Fake.DisposeAsync();
    }

    /// <summary>A PR no other test uses.</summary>
    public static PullRequestRef NewPullRequest() => PullRequestRef.Create("Commune-Tests", "Review.Repo", Interlocked.Increment(ref _nextPr))!;

    /// <summary>A head SHA no other test uses.</summary>
    public static string NewSha() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>A reviewer's JSON answer.</summary>
    public static FakeReply Findings(params object[] findings) => FakeReply.Ok(JsonSerializer.Serialize(findings), 200, 50);

    public static object Finding(string severity, string title, string? path, int? line, string? focus = null) =>
        new { focus, severity, title, detail = "Because " + title.ToLowerInvariant() + ".", path, line };

    /// <summary>The validator's JSON answer.</summary>
    public static FakeReply Verdicts(params (string Id, string Verdict)[] verdicts) =>
        FakeReply.Ok(JsonSerializer.Serialize(verdicts.Select(v => new { id = v.Id, verdict = v.Verdict, reason = "checked" })), 300, 40);

    /// <summary>Scripts every role: those not given answer "nothing found".</summary>
    public void Script(FakeReply? style = null, FakeReply? security = null, FakeReply? performance = null, FakeReply? tests = null, FakeReply? validator = null)
    {
        Fake.Script(Models["style"], style ?? Findings());
        Fake.Script(Models["security"], security ?? Findings());
        Fake.Script(Models["performance"], performance ?? Findings());
        Fake.Script(Models["tests"], tests ?? Findings());
        if (validator is not null)
        {
            Fake.Script(Models["validator"], validator);
        }
    }

    /// <summary>Starts the review of <paramref name="pr"/> at <paramref name="sha"/> through the grain, as the PR's session does.</summary>
    public Task StartAsync(PullRequestRef pr, string sha, string title = "Add user lookup") =>
        Grains.GetGrain<IPullRequestReviewGrain>(pr.ReviewKey(sha))
            .StartAsync(new ReviewRequest(pr, sha, title, "Adds a lookup by name.", "octocat", "main", "feature/lookup", null));

    public static string Route(PullRequestRef pr, string sha) => $"/v1/sessions/github/{pr.Owner}/{pr.Repo}/pulls/{pr.Number}/reviews/{sha}";

    /// <summary>Reads the review over HTTP until it is no longer running.</summary>
    public async Task<JsonElement> FinishedAsync(PullRequestRef pr, string sha)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await Client.GetAsync(Route(pr, sha));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await Json.ReadAsync(response);
                if (body.GetProperty("status").GetString() != "running")
                {
                    return body;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The review of {pr.ReviewKey(sha)} did not finish: {(int)response.StatusCode}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Chat requests to a role's model that were about this review.</summary>
    public IReadOnlyList<FakeRequest> CallsFor(string role, PullRequestRef pr, string sha) =>
        [.. Fake.RequestsFor(Models[role]).Where(r => r.Body.Contains(pr.ReviewKey(sha), StringComparison.Ordinal))];

    public static string Diff(params string[] paths) => string.Concat(paths.Select(p =>
        $"diff --git a/{p} b/{p}\n--- a/{p}\n+++ b/{p}\n@@ -1,3 +1,40 @@\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"+line {i}\n"))));
}
