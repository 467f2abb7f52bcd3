namespace Commune.Bench.Faults;

/// <summary>Completion timestamps turned into the run's throughput before a fault and the time it took to get it back.</summary>
internal static class Throughput
{
    private const double Window = 2.0;

    /// <summary>Completions per second in the <paramref name="span"/> seconds before <paramref name="fault"/> (from the first completion).</summary>
    public static double Before(IReadOnlyList<double> completions, double fault, double span = 10)
    {
        var start = Math.Max(completions.Count > 0 ? completions.Min() : 0, fault - span);
        var seconds = fault - start;
        return seconds <= 0 ? 0 : completions.Count(t => t >= start && t < fault) / seconds;
    }

    /// <summary>
    /// Seconds from the fault until a <see cref="Window"/>-second window first completes at least <paramref name="share"/> of the
    /// pre-fault rate; null when it never does before the run ended (or the graph ran out first).
    /// </summary>
    public static double? Recovery(IReadOnlyList<double> completions, double fault, double baseline, double share = 0.8)
    {
        var sorted = completions.Where(t => t >= fault).Order().ToArray();
        var needed = baseline * Window * share;
        for (var i = 0; i < sorted.Length; i++)
        {
            // The window that starts at this completion: the first one full enough marks the recovery.
            var end = sorted[i] + Window;
            var j = i;
            while (j < sorted.Length && sorted[j] < end)
            {
                j++;
            }

            if (j - i >= needed)
            {
                return sorted[i] - fault;
            }
        }

        return null;
    }
}
