namespace Commune.Providers.Profiles;

/// <summary>How chains run (<c>Models:Chain</c>): default timeouts, their shrinking, retry backoff and stream stall detection.</summary>
public sealed class ChainOptions
{
    public const string SectionName = "Models:Chain";

    /// <summary>First-step timeout of a profile that sets none, and of a direct <c>provider/model</c> call.</summary>
    public double DefaultTimeoutSeconds { get; set; } = 60;

    /// <summary>Each later step loses this fraction of the first step's timeout: 60 → 45 → 30 s with the default 0.25.</summary>
    public double TimeoutShrink { get; set; } = 0.25;

    /// <summary>No step gets less than this fraction of the first step's timeout.</summary>
    public double MinimumTimeoutFraction { get; set; } = 0.25;

    /// <summary>Base of the jittered backoff between retries on one step: base ± base/2, then 2×, 4×.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most tries of one step (the first included) for rate limits that fit the step's budget.</summary>
    public int MaxTriesPerStep { get; set; } = 3;

    /// <summary>A stream with no bytes for this long after its first token has stalled.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At this share of a ledger's limit, chains prefer cheaper tiers.</summary>
    public double DowngradeAt { get; set; } = 0.8;

    /// <summary>Output cap of a call that sets none and whose profile sets none (also the reservation estimate).</summary>
    public int DefaultMaxTokens { get; set; } = 1024;

    /// <summary>The timeout of step <paramref name="index"/> (0 = primary) for a chain whose first step has <paramref name="first"/>.</summary>
    public TimeSpan StepTimeout(TimeSpan first, int index)
    {
        var fraction = Math.Max(1 - (TimeoutShrink * index), MinimumTimeoutFraction);
        return TimeSpan.FromTicks((long)(first.Ticks * fraction));
    }
}
