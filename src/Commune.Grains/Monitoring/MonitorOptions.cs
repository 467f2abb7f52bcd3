namespace Commune.Grains.Monitoring;

/// <summary>Deterministic monitoring (seed 003), bound from <c>Monitor:*</c>.</summary>
public sealed class MonitorOptions
{
    public const string SectionName = "Monitor";

    /// <summary>How often the report is computed and its alerts evaluated (and how often gateways refresh their gauges).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A held task with no update for this long is stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A ledger at this share of a limit (tokens or dollars) is near it.</summary>
    public double BudgetWarnRatio { get; set; } = 0.8;

    /// <summary>Where alerts are POSTed as JSON; unset = logged only.</summary>
    public Uri? AlertWebhook { get; set; }

    /// <summary>How long one webhook POST may take before it is abandoned (and logged).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Alerts kept for <c>GET /v1/monitor/alerts</c>.</summary>
    public int AlertHistory { get; set; } = 200;

    /// <summary>Most ids listed per list in the report (counts are never capped).</summary>
    public int MaxListed { get; set; } = 50;

    /// <summary>How often each silo adds its message counts to the cluster totals.</summary>
    public TimeSpan MessageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    public MonitorThresholds Thresholds { get; set; } = new();

    /// <summary>Validates the options; each message names the key.</summary>
    public IEnumerable<string> Problems()
    {
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{SectionName}:Interval must be at least 100 ms, not {Interval}.";
        }

        if (StuckAfter <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:StuckAfter must be above zero, not {StuckAfter}.";
        }

        if (BudgetWarnRatio is <= 0 or > 1 || double.IsNaN(BudgetWarnRatio))
        {
            yield return $"{SectionName}:BudgetWarnRatio must be above 0 and at most 1, not {BudgetWarnRatio}.";
        }

        if (AlertWebhook is { } hook && (!hook.IsAbsoluteUri || (hook.Scheme != Uri.UriSchemeHttp && hook.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"{SectionName}:AlertWebhook must be an absolute http or https URL, not '{hook}'.";
        }

        if (WebhookTimeout <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:WebhookTimeout must be above zero, not {WebhookTimeout}.";
        }

        if (AlertHistory is < 1 or > 10_000 || MaxListed is < 1 or > 10_000)
        {
            yield return $"{SectionName}:AlertHistory and {SectionName}:MaxListed must be between 1 and 10000.";
        }

        if (MessageFlushInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{SectionName}:MessageFlushInterval must be at least 100 ms, not {MessageFlushInterval}.";
        }

        foreach (var (key, threshold) in Thresholds.Named())
        {
            if (threshold.Warning is < 0 || threshold.Critical is < 0
                || (threshold.Warning is { } w && threshold.Critical is { } c && c < w))
            {
                yield return $"{SectionName}:Thresholds:{key} must not be negative, and Critical must not be below Warning.";
            }
        }
    }
}
