using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Commune.Coordination;

/// <summary>
/// Shannon measures on discrete code series (see <see cref="DiscreteSeries"/>), in bits. Each call counts one flat joint table
/// (cells = product of the alphabet sizes) in a per-thread buffer, so nothing is allocated per call.
/// Series must be non-empty, equally long where paired, and hold non-negative codes; otherwise <see cref="ArgumentException"/>.
/// </summary>
public static class InformationMeasures
{
    /// <summary>H(X).</summary>
    public static double Entropy(int[] x, Estimator estimator = Estimator.Plugin)
    {
        var kx = SeriesGuard.Alphabet(x, nameof(x));
        SeriesGuard.Cells(kx);
        var table = Scratch.Current.Table(kx);
        foreach (var code in x)
        {
            table[code]++;
        }
        return EntropyMath.Entropy(table, x.Length, estimator, 0.5);
    }

    /// <summary>H(X, Y).</summary>
    public static double JointEntropy(int[] x, int[] y, Estimator estimator = Estimator.Plugin)
    {
        var (kx, ky) = Pair(x, y);
        var table = Scratch.Current.Table(SeriesGuard.Cells(kx, ky));
        CountPairs(x, y, 0, ky, table);
        return EntropyMath.Entropy(table, x.Length, estimator, 0.5);
    }

    /// <summary>I(X(t); Y(t + lag)) over the N − lag aligned samples.</summary>
    public static double MutualInformation(int[] x, int[] y, Estimator estimator = Estimator.Plugin, int lag = 0)
    {
        var (kx, ky) = Pair(x, y);
        var n = SeriesGuard.Lagged(x.Length, lag);
        var scratch = Scratch.Current;
        var table = scratch.Table(SeriesGuard.Cells(kx, ky));
        CountPairs(x, y, lag, ky, table);
        var marginals = scratch.Marginals(kx + ky);
        return EntropyMath.MutualInformation(table, kx, ky, n, estimator, marginals[..kx], marginals[kx..]);
    }

    /// <summary>I(X; Y | Z).</summary>
    public static double ConditionalMutualInformation(int[] x, int[] y, int[] z, Estimator estimator = Estimator.Plugin)
    {
        var (kx, ky) = Pair(x, y);
        var kz = SeriesGuard.Alphabet(z, nameof(z));
        SeriesGuard.SameLength(x, nameof(x), z, nameof(z));
        var scratch = Scratch.Current;
        var table = scratch.Table(SeriesGuard.Cells(kx, ky, kz));
        for (var t = 0; t < x.Length; t++)
        {
            table[(((x[t] * ky) + y[t]) * kz) + z[t]]++;
        }
        var marginals = scratch.Marginals((kx * kz) + (ky * kz) + kz);
        return EntropyMath.ConditionalMutualInformation(table, kx, ky, kz, x.Length, estimator, marginals);
    }

    /// <summary>
    /// I(X(t); Y(t + lag)) and I(Y(t); X(t + lag)); the larger direction leads (beyond <paramref name="tolerance"/> bits).
    /// </summary>
    public static DirectedInformation TimeDelayedMutualInformation(
        int[] x, int[] y, int lag = 1, Estimator estimator = Estimator.Plugin, double tolerance = DirectedInformation.DefaultTolerance)
    {
        var xToY = MutualInformation(x, y, estimator, lag);
        var yToX = MutualInformation(y, x, estimator, lag);
        return new DirectedInformation(xToY, yToX, DirectedInformation.LeaderOf(xToY, yToX, tolerance));
    }

    /// <summary>
    /// Transfer entropy source → target with history length k: I(Y(t+1); X(t−k+1 … t) | Y(t−k+1 … t)) over t = k−1 … N−2
    /// (Schreiber; the same history length for source and target). Histories are encoded as base-alphabet numbers, so
    /// alphabet^k is bounded by the joint-table limit.
    /// </summary>
    public static double TransferEntropy(int[] source, int[] target, int history = 1, Estimator estimator = Estimator.Plugin)
    {
        var (kx, ky) = Pair(source, target, nameof(source), nameof(target));
        if (history < 1)
        {
            throw new ArgumentException($"history must be ≥ 1 (was {history})", nameof(history));
        }
        if (source.Length <= history)
        {
            throw new ArgumentException($"history {history} needs more than {history} samples (series have {source.Length})", nameof(history));
        }
        var kxHistory = SeriesGuard.Cells(Power(kx, history));
        var kyHistory = SeriesGuard.Cells(Power(ky, history));
        var scratch = Scratch.Current;
        var table = scratch.Table(SeriesGuard.Cells(ky, kxHistory, kyHistory));
        var n = source.Length - history;
        for (var t = history - 1; t < source.Length - 1; t++)
        {
            int xPast = 0, yPast = 0;
            for (var j = 0; j < history; j++)
            {
                xPast = (xPast * kx) + source[t - j];
                yPast = (yPast * ky) + target[t - j];
            }
            table[(((target[t + 1] * kxHistory) + xPast) * kyHistory) + yPast]++;
        }
        var marginals = scratch.Marginals((ky * kyHistory) + (kxHistory * kyHistory) + kyHistory);
        return EntropyMath.ConditionalMutualInformation(table, ky, kxHistory, kyHistory, n, estimator, marginals);
    }

    /// <summary>Counts (x[t], y[t + lag]) into a kx × ky table.</summary>
    internal static void CountPairs(int[] x, int[] y, int lag, int ky, Span<int> table)
    {
        var n = x.Length - lag;
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref var y0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), lag);
        for (var t = 0; t < n; t++)
        {
            table[(Unsafe.Add(ref x0, t) * ky) + Unsafe.Add(ref y0, t)]++;
        }
    }

    private static (int Kx, int Ky) Pair(int[] x, int[] y, string xName = "x", string yName = "y")
    {
        var kx = SeriesGuard.Alphabet(x, xName);
        var ky = SeriesGuard.Alphabet(y, yName);
        SeriesGuard.SameLength(x, xName, y, yName);
        return (kx, ky);
    }

    private static long Power(int b, int e)
    {
        long result = 1;
        for (var i = 0; i < e && result <= EntropyMath.MaxCells; i++)
        {
            result *= b;
        }
        return result;
    }
}
