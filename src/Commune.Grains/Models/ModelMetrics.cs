using System.Diagnostics.Metrics;

namespace Commune.Grains.Models;

/// <summary>Model-call metrics: attempts by provider and outcome, their duration, and tokens answered — what alerts are built on.</summary>
public static class ModelMetrics
{
    public const string MeterName = "Commune.Models";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Every attempt of every chain step, tagged provider, model and outcome (success, timeout, rate_limited…).</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("commune.model.attempts", description: "Chain step attempts by outcome");

    /// <summary>Duration of attempts that reached a provider.</summary>
    public static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram<double>("commune.model.attempt.duration", "ms", "Chain step attempt duration");

    /// <summary>Tokens of answered calls, tagged provider and direction (input, output).</summary>
    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("commune.model.tokens", description: "Tokens of answered calls");
}
