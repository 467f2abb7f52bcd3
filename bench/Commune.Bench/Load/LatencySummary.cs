using System.Diagnostics;

namespace Commune.Bench.Load;

/// <summary>Percentiles (nearest rank) of a set of latencies measured in <see cref="Stopwatch"/> ticks, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary? From(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return null;
        }

        ticks.Sort();
        return new LatencySummary(
            ticks.Count,
            Percentile(ticks, 0.50),
            Percentile(ticks, 0.90),
            Percentile(ticks, 0.99),
            Percentile(ticks, 0.999),
            Milliseconds(ticks[^1]),
            Milliseconds((long)ticks.Average()));
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(List<long> sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return Milliseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)]);
    }
}
