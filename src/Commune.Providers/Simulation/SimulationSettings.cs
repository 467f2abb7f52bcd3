namespace Commune.Providers.Simulation;

/// <summary>How a simulated provider behaves (<c>Providers:&lt;name&gt;:Simulation</c>). Rates are probabilities per request.</summary>
public sealed class SimulationSettings
{
    /// <summary>Time to the first token.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Time between streamed chunks.</summary>
    public TimeSpan ChunkInterval { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Share of requests answered with a 500.</summary>
    public double FailureRate { get; set; }

    /// <summary>Share of requests answered with a 429 and <see cref="RetryAfter"/>.</summary>
    public double RateLimitRate { get; set; }

    /// <summary>Retry-After of simulated 429s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When true every request fails with <see cref="OutageStatus"/>.</summary>
    public bool Outage { get; set; }

    /// <summary>Status of an outage (503 by default; 402 simulates an account out of credit).</summary>
    public int OutageStatus { get; set; } = 503;

    /// <summary>Seed for the failure draws, for reproducible runs; random when null.</summary>
    public int? Seed { get; set; }
}
