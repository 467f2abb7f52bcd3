using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Commune.Providers.Profiles;
using Commune.Providers.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using OpenAI;

namespace Commune.Providers.Clients;

/// <summary>
/// The configured providers (<c>Providers:&lt;name&gt;</c>) and a chat client per model. OpenRouter and Anthropic are always defined;
/// without an API key (in configuration, or <c>OPENROUTER_API_KEY</c> / <c>ANTHROPIC_API_KEY</c>) the simulator stands in for them,
/// labelled as such. Every SDK's own retries are off: the chain is the only retry loop.
/// </summary>
public sealed class ProviderRegistry : IDisposable
{
    public const string SectionName = "Providers";
    public const string OpenRouterUrl = "https://openrouter.ai/api/v1";
    public const string AnthropicUrl = "https://api.anthropic.com";

    private readonly ConcurrentDictionary<ModelRef, IChatClient> _clients = new();
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public ProviderRegistry(IConfiguration configuration, TimeProvider time)
    {
        _time = time;
        var errors = new List<string>();
        var providers = new Dictionary<string, ProviderDescriptor>(StringComparer.Ordinal)
        {
            ["openrouter"] = Describe("openrouter", new ProviderSettings { Kind = ProviderKind.OpenRouter, ApiKey = Environment.GetEnvironmentVariable("OPENROUTER_API_KEY") }, errors)!,
            ["anthropic"] = Describe("anthropic", new ProviderSettings { Kind = ProviderKind.Anthropic, ApiKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") }, errors)!,
        };

        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var settings = new ProviderSettings();
            if (providers.TryGetValue(section.Key, out var builtIn))
            {
                // A key from the environment variable stays unless configuration sets one.
                settings.ApiKey = builtIn.Settings.ApiKey;
                settings.Kind = builtIn.Settings.Kind;
            }

            try
            {
                section.Bind(settings);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{section.Path}: {ex.Message}");
                continue;
            }

            if (Describe(section.Key, settings, errors) is { } descriptor)
            {
                providers[section.Key] = descriptor;
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileConfigurationException("Invalid providers:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        Providers = providers;
        Names = providers.Keys.ToHashSet(StringComparer.Ordinal);
        _http = new HttpClient(new ResponseCaptureHandler(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 1024,
            EnableMultipleHttp2Connections = true,
        }))
        {
            // Step timeouts are the chain's; the HTTP client never times out on its own.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Providers by name.</summary>
    public IReadOnlyDictionary<string, ProviderDescriptor> Providers { get; }

    /// <summary>Provider names, for profile validation.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The chat client for a model of a configured provider.</summary>
    public IChatClient ClientFor(ModelRef model) => _clients.GetOrAdd(model, Create);

    /// <summary>Whether answers from this provider are simulated.</summary>
    public bool IsSimulated(string provider) => Providers.TryGetValue(provider, out var p) && p.Simulated;

    private IChatClient Create(ModelRef model)
    {
        var provider = Providers[model.Provider];
        if (provider.Simulated)
        {
            var why = provider.Kind == ProviderKind.Simulated
                ? $"'{provider.Name}' is the built-in simulator"
                : $"no API key is configured for '{provider.Name}'";
            return new SimulatedChatClient(provider.Name, model.Model, why, provider.Settings.Simulation, _time);
        }

        if (provider.Kind == ProviderKind.Anthropic)
        {
            var anthropic = new AnthropicClient(new Anthropic.Core.ClientOptions
            {
                ApiKey = provider.Settings.ApiKey,
                BaseUrl = provider.BaseUrl!.ToString().TrimEnd('/'),
                MaxRetries = 0,
                HttpClient = _http,
                Timeout = Timeout.InfiniteTimeSpan,
            });
            return anthropic.AsIChatClient(model.Model);
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = provider.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };

        // Local OpenAI-compatible servers take no key; the SDK insists on one.
        var key = string.IsNullOrEmpty(provider.Settings.ApiKey) ? "no-key" : provider.Settings.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model.Model).AsIChatClient();
    }

    private static ProviderDescriptor? Describe(string name, ProviderSettings settings, List<string> errors)
    {
        var prefix = $"{SectionName}:{name}";
        var kind = settings.Kind?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(kind) || !ProviderKind.All.Contains(kind))
        {
            errors.Add($"{prefix}:Kind: '{settings.Kind}' is not one of: {string.Join(", ", ProviderKind.All)}.");
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{prefix}: a provider name must be non-empty and must not contain '/'.");
            return null;
        }

        var defaultUrl = kind switch
        {
            ProviderKind.OpenRouter => OpenRouterUrl,
            ProviderKind.Anthropic => AnthropicUrl,
            _ => null,
        };
        Uri? baseUrl = null;
        var url = string.IsNullOrWhiteSpace(settings.BaseUrl) ? defaultUrl : settings.BaseUrl;
        if (kind != ProviderKind.Simulated)
        {
            if (url is null)
            {
                errors.Add($"{prefix}:BaseUrl: required for Kind '{kind}' (e.g. http://127.0.0.1:11434/v1).");
                return null;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{prefix}:BaseUrl: '{url}' is not an absolute http(s) URL.");
                return null;
            }
        }

        var s = settings.Simulation;
        if (s.FailureRate is < 0 or > 1 || s.RateLimitRate is < 0 or > 1 || s.FailureRate + s.RateLimitRate > 1)
        {
            errors.Add($"{prefix}:Simulation: FailureRate and RateLimitRate must be between 0 and 1 and sum to at most 1.");
            return null;
        }

        if (s.Latency < TimeSpan.Zero || s.ChunkInterval < TimeSpan.Zero || s.OutageStatus is < 400 or > 599)
        {
            errors.Add($"{prefix}:Simulation: Latency and ChunkInterval must be ≥ 0 and OutageStatus a 4xx or 5xx status.");
            return null;
        }

        if (settings.Breaker is { } breaker && (breaker.FailureThreshold < 1 || breaker.Cooldown <= TimeSpan.Zero))
        {
            errors.Add($"{prefix}:Breaker: FailureThreshold must be ≥ 1 and Cooldown above zero.");
            return null;
        }

        var hasKey = !string.IsNullOrWhiteSpace(settings.ApiKey);

        // Hosted providers cannot answer without a key; the simulator stands in and says so.
        var simulated = kind == ProviderKind.Simulated || (!hasKey && kind is ProviderKind.OpenRouter or ProviderKind.Anthropic);
        return new ProviderDescriptor(name, kind, baseUrl, hasKey, simulated, settings);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _http.Dispose();
    }
}
