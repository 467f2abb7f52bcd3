namespace Commune.Providers.Clients;

/// <summary>Circuit breaker settings (<c>Models:Breaker</c>, or per provider under <c>Providers:&lt;name&gt;:Breaker</c>).</summary>
public sealed class BreakerSettings
{
    public const string SectionName = "Models:Breaker";

    /// <summary>Consecutive provider-fault failures that open the breaker.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open breaker skips the provider before one probe is allowed.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A probe that never reports back (its silo died) frees the half-open slot after this long.</summary>
    public TimeSpan ProbeLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each silo refreshes its cached copy of every provider's breaker.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
