using System.Net.Http.Headers;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.GitHub;

/// <summary>
/// An embedded gateway with API keys, a webhook secret, reviews off (their grain is not on this branch) and the ci-triage profile
/// pointed at a fake provider (<c>oa1/triage-a</c> then <c>an1/triage-b</c>), so triage calls can be counted.
/// </summary>
public sealed class GitHubGatewayFixture : IAsyncLifetime
{
    public const string Secret = "webhook-secret-for-tests-0123456789";
    public const string Key = "github-test-key-0123456789abcdef";
    public const string TriageModel = "triage-a";

    public FakeProviderServer Fake { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>Sends webhooks without the API key (as GitHub does) and reads sessions with it.</summary>
    public GitHubWebhookClient Webhooks { get; private set; } = null!;

    private HttpClient _keyed = null!;

    public static Dictionary<string, string?> Settings(FakeProviderServer fake, long? budget = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:0"] = Key,
            ["GitHub:WebhookSecret"] = Secret,
            ["GitHub:Review:Enabled"] = "false",
            ["GitHub:SessionLogLimit"] = "50",
            ["GitHub:IgnoredSenders:0"] = "renovate-helper",
            ["Models:Breaker:FailureThreshold"] = "1000",
            ["Providers:oa1:Kind"] = "openai",
            ["Providers:oa1:BaseUrl"] = fake.OpenAiBaseUrl.ToString(),
            ["Providers:oa1:ApiKey"] = "test-openai-key",
            ["Providers:an1:Kind"] = "anthropic",
            ["Providers:an1:BaseUrl"] = fake.AnthropicBaseUrl.ToString(),
            ["Providers:an1:ApiKey"] = "test-anthropic-key",
            ["Agents:ci-triage:model"] = "oa1/" + TriageModel,
            ["Agents:ci-triage:fallbacks:0"] = "an1/triage-b",
            ["Agents:ci-triage:timeout"] = "5",
        };
        if (budget is { } b)
        {
            settings["GitHub:PullRequestTokenBudget"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviderServer.StartAsync();
        Gateway = await GatewayHost.StartAsync(Settings(Fake));
        Webhooks = KeyedWebhooks(Gateway);
        _keyed = Webhooks.Http;
    }

    /// <summary>A webhook client that posts without a key (as GitHub does) and reads with one.</summary>
    public static GitHubWebhookClient KeyedWebhooks(GatewayHost gateway)
    {
        var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return new GitHubWebhookClient(gateway.Client, http, Secret);
    }

    /// <summary>Triage calls the fake provider received for one PR (its prompt names the PR).</summary>
    public int TriageCalls(GitHubPayloads pr) => Fake.RequestsFor(TriageModel).Count(r => r.Body.Contains(pr.Key, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _keyed.Dispose();
        await Gateway.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
