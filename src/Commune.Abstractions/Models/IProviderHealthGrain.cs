namespace Commune.Models;

/// <summary>One per provider name: the circuit breaker every silo's chains honour.</summary>
[Alias("commune.models.IProviderHealthGrain")]
public interface IProviderHealthGrain : IGrainWithStringKey
{
    /// <summary>The current breaker.</summary>
    Task<BreakerSnapshot> GetAsync();

    /// <summary>Counts a failure that is the provider's fault; the threshold-th in a row opens the breaker.</summary>
    Task<BreakerSnapshot> RecordFailureAsync(string outcome, string? detail);

    /// <summary>Counts a success: resets the failure run and closes a half-open breaker.</summary>
    Task<BreakerSnapshot> RecordSuccessAsync();

    /// <summary>After the cooldown, grants exactly one caller the right to probe the provider.</summary>
    Task<ProbeGrant> TryBeginProbeAsync();
}
