using Commune.Providers.Simulation;

namespace Commune.Providers.Clients;

/// <summary>One <c>Providers:&lt;name&gt;</c> entry.</summary>
public sealed class ProviderSettings
{
    /// <summary>openai | openrouter | anthropic | simulated.</summary>
    public string? Kind { get; set; }

    /// <summary>API root: https://openrouter.ai/api/v1, https://api.anthropic.com, http://127.0.0.1:11434/v1 …</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Secret; never logged, never returned.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Behaviour of a simulated provider (latency, failure rates, rate limits, outage).</summary>
    public SimulationSettings Simulation { get; set; } = new();

    /// <summary>Overrides of the cluster-wide breaker defaults for this provider.</summary>
    public BreakerSettings? Breaker { get; set; }
}
