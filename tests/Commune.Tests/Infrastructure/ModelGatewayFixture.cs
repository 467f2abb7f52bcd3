using System.Globalization;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Infrastructure;

/// <summary>
/// An embedded gateway whose providers all point at one fault-injecting fake provider on loopback: <c>oa1</c>, <c>oa2</c> speak OpenAI,
/// <c>an1</c>, <c>an2</c> speak Anthropic. Each test names its own profile (<see cref="Profiles"/>) whose models are unique to it, so the
/// fake's per-model scripts keep tests apart. Breakers never trip here (threshold 1000): that has its own cluster test. <c>oc1</c>
/// (OpenAI) and <c>ac1</c> (Anthropic) carry canary keys that must never come back out; <see cref="Logs"/> holds what the host logged.
/// </summary>
public sealed class ModelGatewayFixture : IAsyncLifetime
{
    public FakeProviderServer Fake { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>The canary API keys of <c>oc1</c> and <c>ac1</c>: shaped like no known key format, so only configuration can name them.</summary>
    public const string CanaryOpenAiKey = "canary-3f9a1c7e5b2d4086-openai";

    public const string CanaryAnthropicKey = "canary-8e2b6d0a4c9f1735-anthropic";

    /// <summary>Everything the gateway and its embedded silo logged at Information and above.</summary>
    public CapturedLogs Logs { get; } = new();

    public HttpClient Client => Gateway.Client;

    /// <summary>Profiles for the tests: name → chain. Timeouts 2 s → 1.5 s → 1 s.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Profiles = new Dictionary<string, string[]>
    {
        ["ok"] = ["oa1/ok-a", "an1/ok-b"],
        ["retry-fits"] = ["oa1/retry-fits-a", "an1/retry-fits-b"],
        ["retry-long"] = ["oa1/retry-long-a", "an1/retry-long-b"],
        ["spend"] = ["oa1/spend-a", "an1/spend-b"],
        ["billing"] = ["oa1/billing-a", "an1/billing-b"],
        ["auth"] = ["an1/auth-a", "oa1/auth-b"],
        ["transient"] = ["oa1/transient-a", "an1/transient-b"],
        ["double500"] = ["oa1/double500-a", "an1/double500-b"],
        ["overloaded"] = ["an1/overloaded-a", "oa1/overloaded-b"],
        ["timeout"] = ["oa1/timeout-a", "an1/timeout-b"],
        ["context"] = ["oa1/context-a", "an1/context-b", "oa2/context-c"],
        ["policy"] = ["oa1/policy-a", "an1/policy-b"],
        ["exhausted"] = ["oa1/exhausted-a", "an1/exhausted-b"],
        ["thinking"] = ["an2/thinking-a", "oa2/thinking-b"],
        ["s-ok"] = ["oa1/s-ok-a", "an1/s-ok-b"],
        ["s-anthropic"] = ["an1/s-anthropic-a", "oa1/s-anthropic-b"],
        ["s-early"] = ["oa1/s-early-a", "an1/s-early-b"],
        ["s-cut"] = ["oa1/s-cut-a", "an1/s-cut-b"],
        ["s-stall"] = ["oa1/s-stall-a", "an1/s-stall-b"],
        ["s-malformed"] = ["oa1/s-malformed-a", "an1/s-malformed-b"],
        ["s-nodone"] = ["oa1/s-nodone-a", "an1/s-nodone-b"],
        ["s-slow"] = ["oa1/s-slow-a", "an1/s-slow-b"],
        ["sdk"] = ["oa1/sdk-a", "an1/sdk-b"],
        ["budget"] = ["oa1/budget-a", "an1/budget-b"],
        ["over-budget"] = ["oa1/over-budget-a", "an1/over-budget-b"],
        ["downgrade"] = ["an1/downgrade-a", "oa1/downgrade-b"],
        ["cancel"] = ["oa1/cancel-a", "an1/cancel-b"],
        ["single"] = ["oa1/single-a", "oa1/single-b"],
        ["intended"] = ["oa1/intended-a", "an1/intended-b", "an1/intended-c"],
        ["canary"] = ["oc1/canary-a", "ac1/canary-b", "oc1/canary-c"],
        ["s-canary"] = ["ac1/s-canary-a", "oc1/s-canary-b"],
        ["resp-ok"] = ["oa1/resp-ok-a", "an1/resp-ok-b"],
        ["resp-an"] = ["an1/resp-an-a", "oa1/resp-an-b"],
        ["resp-s-ok"] = ["oa1/resp-s-ok-a", "an1/resp-s-ok-b"],
        ["resp-s-an"] = ["an1/resp-s-an-a", "oa1/resp-s-an-b"],
        ["resp-fallback"] = ["oa1/resp-fallback-a", "an1/resp-fallback-b"],
        ["resp-s-fallback"] = ["oa1/resp-s-fallback-a", "an1/resp-s-fallback-b"],
        ["resp-cut"] = ["oa1/resp-cut-a", "an1/resp-cut-b"],
        ["resp-codex"] = ["oa1/resp-codex-a", "an1/resp-codex-b"],
        ["resp-tools"] = ["an1/resp-tools-a", "oa1/resp-tools-b"],
        ["resp-s-tools"] = ["oa1/resp-s-tools-a", "an1/resp-s-tools-b"],
        ["resp-s-tools-oa"] = ["an1/resp-s-tools-oa-a", "oa1/resp-s-tools-oa-b"],
        ["resp-think"] = ["an1/resp-think-a", "oa1/resp-think-b"],
        ["resp-think-sdk"] = ["an1/resp-think-sdk-a", "oa1/resp-think-sdk-b"],
        ["tools"] = ["oa1/tools-a", "an1/tools-b"],
        ["s-tools"] = ["oa1/s-tools-a", "an1/s-tools-b"],
        ["tools-anthropic"] = ["an1/tools-anthropic-a", "oa1/tools-anthropic-b"],
        ["tools-choice"] = ["oa1/tools-choice-a", "an1/tools-choice-b"],
        ["vision"] = ["oa1/novision-a", "an1/vision-b"],
        ["no-vision"] = ["oa1/novision-c", "oa2/novision-d"],
        ["schema"] = ["oa1/schema-a", "an1/schema-b"],

        // The Anthropic Messages API (tests/Commune.Tests/Anthropic): answered by each provider kind, falling over, overloaded.
        ["anth-an"] = ["an1/anth-an-a", "oa1/anth-an-b"],
        ["anth-oa"] = ["oa1/anth-oa-a", "an1/anth-oa-b"],
        ["anth-san"] = ["an1/anth-san-a", "oa1/anth-san-b"],
        ["anth-soa"] = ["oa1/anth-soa-a", "an1/anth-soa-b"],
        ["anth-fb"] = ["an1/anth-fb-a", "oa1/anth-fb-b"],
        ["anth-sfb"] = ["oa1/anth-sfb-a", "an1/anth-sfb-b"],
        ["anth-ovl"] = ["an1/anth-ovl-a", "an2/anth-ovl-b"],
        ["anth-raw"] = ["an1/anth-raw-a", "oa1/anth-raw-b"],
        ["anth-tools"] = ["an1/anth-tools-a", "oa1/anth-tools-b"],
        ["anth-stools"] = ["oa1/anth-stools-a", "an1/anth-stools-b"],
        ["anth-image"] = ["an1/anth-image-a", "oa1/anth-image-b"],
        ["anth-think"] = ["an1/anth-think-a", "oa1/anth-think-b"],
        ["anth-oatools"] = ["oa1/anth-oatools-a", "an1/anth-oatools-b"],
        ["anth-cut"] = ["an1/anth-cut-a", "oa1/anth-cut-b"],
        ["anth-novision"] = ["oa1/anth-novision-a", "oa2/anth-novision-b"],
    };

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviderServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Models:Chain:RetryBaseDelay"] = "00:00:00.050",
            ["Models:Chain:StreamIdleTimeout"] = "00:00:00.600",
            ["Models:Breaker:FailureThreshold"] = "1000",
            ["Models:Prices:oa1/context-a:ContextWindow"] = "8000",
            ["Models:Prices:an1/context-b:ContextWindow"] = "8000",
            ["Models:Prices:oa2/context-c:ContextWindow"] = "128000",
            ["Models:Prices:an1/downgrade-a:Tier"] = "Premium",
            ["Models:Prices:oa1/downgrade-b:Tier"] = "Free",
            ["Models:Prices:oa1/budget-a:InputPerMillion"] = "1000",
            ["Models:Prices:oa1/budget-a:OutputPerMillion"] = "2000",
            ["Agents:intended:allowSameProvider"] = "true",
            ["Models:Prices:oa1/novision-a:Vision"] = "false",
            ["Models:Prices:oa1/anth-novision-a:Vision"] = "false",
            ["Models:Prices:oa2/anth-novision-b:Vision"] = "false",
            ["Models:Prices:oa1/novision-c:Vision"] = "false",
            ["Models:Prices:oa2/novision-d:Vision"] = "false",
        };
        foreach (var name in new[] { "oa1", "oa2" })
        {
            settings[$"Providers:{name}:Kind"] = "openai";
            settings[$"Providers:{name}:BaseUrl"] = Fake.OpenAiBaseUrl.ToString();
            settings[$"Providers:{name}:ApiKey"] = "test-openai-key";
        }

        foreach (var name in new[] { "an1", "an2" })
        {
            settings[$"Providers:{name}:Kind"] = "anthropic";
            settings[$"Providers:{name}:BaseUrl"] = Fake.AnthropicBaseUrl.ToString();
            settings[$"Providers:{name}:ApiKey"] = "test-anthropic-key";
        }

        settings["Providers:oc1:Kind"] = "openai";
        settings["Providers:oc1:BaseUrl"] = Fake.OpenAiBaseUrl.ToString();
        settings["Providers:oc1:ApiKey"] = CanaryOpenAiKey;
        settings["Providers:ac1:Kind"] = "anthropic";
        settings["Providers:ac1:BaseUrl"] = Fake.AnthropicBaseUrl.ToString();
        settings["Providers:ac1:ApiKey"] = CanaryAnthropicKey;

        foreach (var (profile, chain) in Profiles)
        {
            settings[$"Agents:{profile}:model"] = chain[0];
            for (var i = 1; i < chain.Length; i++)
            {
                settings[$"Agents:{profile}:fallbacks:{i - 1}"] = chain[i];
            }

            settings[$"Agents:{profile}:timeout"] = "2";
        }

        settings["Agents:thinking:thinking"] = "extended";
        settings["Agents:resp-think:maxTokens"] = "8192";
        settings["Agents:resp-think-sdk:maxTokens"] = "8192";
        Gateway = await GatewayHost.StartAsync(settings, services: Logs.AddTo);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Fake.DisposeAsync();
    }

    /// <summary>A chat request body for <paramref name="profile"/>.</summary>
    public static object Chat(string profile, bool stream = false, int? maxTokens = null, string text = "hello") => stream
        ? new { model = profile, messages = new[] { new { role = "user", content = text } }, stream = true, stream_options = new { include_usage = true }, max_tokens = maxTokens }
        : new { model = profile, messages = new[] { new { role = "user", content = text } }, max_tokens = maxTokens };

    public static string Seconds(double value) => value.ToString(CultureInfo.InvariantCulture);
}
