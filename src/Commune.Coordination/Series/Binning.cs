namespace Commune.Coordination;

/// <summary>Discretises continuous series so the discrete estimators apply.</summary>
public static class Binning
{
    /// <summary>
    /// Quantile (equal-frequency) binning into <paramref name="bins"/> codes 0 … bins − 1.
    /// The values are ranked (stable: equal values keep their order); the sample of rank r falls in bin ⌊r · bins / N⌋.
    /// Ties: every copy of a value gets the bin of its lowest rank, so equal values always share a code and the result does
    /// not depend on the order of the input; heavy ties therefore leave some bins empty (the codes stay within 0 … bins − 1).
    /// </summary>
    public static int[] Quantile(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("cannot bin an empty series", nameof(values));
        }
        if (bins < 1)
        {
            throw new ArgumentException($"bins must be ≥ 1 (was {bins})", nameof(bins));
        }
        var n = values.Count;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                throw new ArgumentException($"value {i} is NaN; quantile bins need ordered values", nameof(values));
            }
            keys[i] = v;
            order[i] = i;
        }
        // Sort indices by value; Array.Sort is unstable, but ties are resolved by value groups below, so order inside a tie is irrelevant.
        Array.Sort(keys, order);
        var codes = new int[n];
        var rank = 0;
        while (rank < n)
        {
            var bin = (int)((long)rank * bins / n);
            var end = rank;
            while (end < n && keys[end] == keys[rank])
            {
                codes[order[end]] = bin;
                end++;
            }
            rank = end;
        }
        return codes;
    }
}
