namespace Commune.Coordination;

/// <summary>Entropies of count tables. Every measure is a signed sum of these, so the estimators differ only here.</summary>
internal static class EntropyMath
{
    /// <summary>The largest joint table a measure may build (4 Mi cells, 16 MiB of counts).</summary>
    public const int MaxCells = 1 << 22;

    private static readonly double TwoLn2 = 2.0 * Math.Log(2.0);

    /// <summary>
    /// Entropy in bits of a marginal whose cells hold <paramref name="counts"/> out of <paramref name="n"/> samples.
    /// <paramref name="pseudo"/> is the Jeffreys pseudo-count each cell of this marginal received from the smoothed joint
    /// (½ times the number of joint cells that fold into it); the other estimators ignore it.
    /// </summary>
    public static double Entropy(ReadOnlySpan<int> counts, int n, Estimator estimator, double pseudo)
    {
        switch (estimator)
        {
            case Estimator.Plugin:
                return Plugin(counts, n);
            case Estimator.MillerMadow:
            {
                var occupied = 0;
                foreach (var c in counts)
                {
                    if (c > 0)
                    {
                        occupied++;
                    }
                }
                return Plugin(counts, n) + ((occupied - 1) / (TwoLn2 * n));
            }
            case Estimator.Jeffreys:
            {
                var total = n + (counts.Length * pseudo);
                var sum = 0.0;
                foreach (var c in counts)
                {
                    var q = (c + pseudo) / total;
                    sum -= q * Math.Log2(q);
                }
                return sum;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "unknown estimator");
        }
    }

    /// <summary>H = log2 N − (1/N) Σ c log2 c: one logarithm per occupied cell.</summary>
    public static double Plugin(ReadOnlySpan<int> counts, int n)
    {
        var sum = 0.0;
        foreach (var c in counts)
        {
            if (c > 1)
            {
                sum += c * Math.Log2(c);
            }
        }
        return Math.Log2(n) - (sum / n);
    }

    /// <summary>Mutual information of a kx × ky joint count table (row-major, x outer).</summary>
    public static double MutualInformation(ReadOnlySpan<int> table, int kx, int ky, int n, Estimator estimator, Span<int> rows, Span<int> columns)
    {
        rows = rows[..kx];
        columns = columns[..ky];
        rows.Clear();
        columns.Clear();
        for (var a = 0; a < kx; a++)
        {
            var row = table.Slice(a * ky, ky);
            var sum = 0;
            for (var b = 0; b < row.Length; b++)
            {
                sum += row[b];
                columns[b] += row[b];
            }
            rows[a] = sum;
        }
        if (estimator == Estimator.Plugin)
        {
            // I = Σ c log2(c N / (cx cy)) / N, one logarithm per occupied cell instead of three entropies.
            var total = 0.0;
            for (var a = 0; a < kx; a++)
            {
                var row = table.Slice(a * ky, ky);
                double rowCount = rows[a];
                for (var b = 0; b < row.Length; b++)
                {
                    var c = row[b];
                    if (c > 0)
                    {
                        total += c * Math.Log2((double)c * n / (rowCount * columns[b]));
                    }
                }
            }
            return total / n;
        }
        return Entropy(rows, n, estimator, 0.5 * ky) + Entropy(columns, n, estimator, 0.5 * kx) - Entropy(table, n, estimator, 0.5);
    }

    /// <summary>I(X;Y|Z) = H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z) of a kx × ky × kz table (x outer, z inner).</summary>
    public static double ConditionalMutualInformation(ReadOnlySpan<int> table, int kx, int ky, int kz, int n, Estimator estimator, Span<int> scratch)
    {
        var xz = scratch[..(kx * kz)];
        var yz = scratch.Slice(kx * kz, ky * kz);
        var z = scratch.Slice((kx * kz) + (ky * kz), kz);
        xz.Clear();
        yz.Clear();
        z.Clear();
        var i = 0;
        for (var a = 0; a < kx; a++)
        {
            for (var b = 0; b < ky; b++)
            {
                for (var c = 0; c < kz; c++, i++)
                {
                    var count = table[i];
                    xz[(a * kz) + c] += count;
                    yz[(b * kz) + c] += count;
                    z[c] += count;
                }
            }
        }
        return Entropy(xz, n, estimator, 0.5 * ky)
            + Entropy(yz, n, estimator, 0.5 * kx)
            - Entropy(table, n, estimator, 0.5)
            - Entropy(z, n, estimator, 0.5 * kx * ky);
    }
}
