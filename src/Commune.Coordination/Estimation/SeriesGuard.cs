namespace Commune.Coordination;

/// <summary>Argument checks shared by every measure; each failure is an <see cref="ArgumentException"/> naming the rule.</summary>
internal static class SeriesGuard
{
    /// <summary>The alphabet size of a code series (largest code + 1); rejects null, empty and negative codes.</summary>
    public static int Alphabet(int[] series, string name)
    {
        ArgumentNullException.ThrowIfNull(series, name);
        if (series.Length == 0)
        {
            throw new ArgumentException($"series '{name}' is empty", name);
        }
        var min = series.Min();
        if (min < 0)
        {
            throw new ArgumentException($"series '{name}' holds a negative code ({min}); codes are dense non-negative integers", name);
        }
        var max = series.Max();
        if (max >= EntropyMath.MaxCells)
        {
            throw new ArgumentException($"series '{name}' holds code {max}; codes must be dense (below {EntropyMath.MaxCells}) — encode labels with DiscreteSeries.From", name);
        }
        return max + 1;
    }

    public static void SameLength(int[] a, string aName, int[] b, string bName)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"series '{aName}' has {a.Length} samples but '{bName}' has {b.Length}; they must be equally long", bName);
        }
    }

    /// <summary>Samples left after pairing t with t + lag; at least one must remain.</summary>
    public static int Lagged(int length, int lag, string name = "lag")
    {
        if (lag < 0)
        {
            throw new ArgumentException($"{name} must be ≥ 0 (was {lag})", name);
        }
        if (lag >= length)
        {
            throw new ArgumentException($"{name} {lag} leaves no samples in series of length {length}; it must be < the length", name);
        }
        return length - lag;
    }

    /// <summary>The size of a joint table, rejected above <see cref="EntropyMath.MaxCells"/>.</summary>
    public static int Cells(params ReadOnlySpan<long> sizes)
    {
        long cells = 1;
        foreach (var size in sizes)
        {
            cells *= size;
            if (cells > EntropyMath.MaxCells)
            {
                throw new ArgumentException($"the joint table would exceed {EntropyMath.MaxCells} cells; use fewer distinct labels (or fewer bins or a shorter history)");
            }
        }
        return (int)cells;
    }
}
