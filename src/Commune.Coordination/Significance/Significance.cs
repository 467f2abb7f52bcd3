using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Commune.Coordination;

/// <summary>
/// Permutation tests: the measure is recomputed on B null versions of x (y untouched), giving an empirical null distribution.
/// p = max(1, #{null ≥ observed}) / B — the share of nulls at or above the observed value, floored at 1/B (a null equal to the
/// observed value up to 1e-12 relative rounding counts as at or above). Deterministic for a given seed; one buffer is reused
/// for every permutation (a shuffle of a shuffle is still a uniform permutation), so nothing is allocated per permutation.
/// </summary>
public static class Significance
{
    /// <summary>The most permutations a test accepts.</summary>
    public const int MaxPermutations = 100_000;

    /// <summary>Tests one measure of (x, y) against nulls of x.</summary>
    public static SignificanceResult Test(
        Func<int[], int[], double> measure, int[] x, int[] y, int permutations = 200, NullModel nullModel = NullModel.Shuffle, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var single = new double[1];
        return TestAll((a, b) => { single[0] = measure(a, b); return single; }, x, y, permutations, nullModel, seed)[0];
    }

    /// <summary>
    /// Tests several measures of (x, y) on the same nulls (one permutation serves them all, which is what a report over
    /// many measures needs). <paramref name="measures"/> returns the same number of values on every call; it may return the
    /// same array each time, because the values are copied out at once.
    /// </summary>
    public static SignificanceResult[] TestAll(
        Func<int[], int[], double[]> measures, int[] x, int[] y, int permutations = 200, NullModel nullModel = NullModel.Shuffle, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Check(x, permutations, nullModel);

        var observed = (double[])measures(x, y).Clone();
        var count = observed.Length;
        var nulls = new double[count * permutations];
        var random = NewRandom(seed);
        var buffer = (int[])x.Clone();
        for (var b = 0; b < permutations; b++)
        {
            Permute(x, buffer, nullModel, random);
            var values = measures(buffer, y);
            if (values.Length != count)
            {
                throw new InvalidOperationException($"the measures returned {values.Length} values on a null but {count} on the data");
            }
            for (var m = 0; m < count; m++)
            {
                nulls[(m * permutations) + b] = values[m];
            }
        }

        var results = new SignificanceResult[count];
        for (var m = 0; m < count; m++)
        {
            results[m] = Summarise(observed[m], nulls.AsSpan(m * permutations, permutations));
        }
        return results;
    }

    /// <summary>
    /// Tests the measures of x against each of several partners on the same nulls of x: one shuffle (or shift) of x serves every
    /// partner, which is how a report over all pairs of agents pays for each agent's permutations once instead of once per pair.
    /// Each partner's test is an ordinary permutation test of x; the tests of different partners share their nulls.
    /// Returns, per partner, one result per measure.
    /// </summary>
    public static SignificanceResult[][] TestAgainst(
        Func<int[], int[], double[]> measures, int[] x, IReadOnlyList<int[]> partners, int permutations = 200, NullModel nullModel = NullModel.Shuffle, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(partners);
        Check(x, permutations, nullModel);
        var count = -1;
        var observed = new double[partners.Count][];
        for (var p = 0; p < partners.Count; p++)
        {
            ArgumentNullException.ThrowIfNull(partners[p], nameof(partners));
            observed[p] = (double[])measures(x, partners[p]).Clone();
            count = count < 0 ? observed[p].Length : count;
            if (observed[p].Length != count)
            {
                throw new InvalidOperationException($"the measures returned {observed[p].Length} values for partner {p} but {count} for partner 0");
            }
        }
        var nulls = new double[partners.Count * Math.Max(count, 0) * permutations];
        var random = NewRandom(seed);
        var buffer = (int[])x.Clone();
        for (var b = 0; b < permutations; b++)
        {
            Permute(x, buffer, nullModel, random);
            for (var p = 0; p < partners.Count; p++)
            {
                var values = measures(buffer, partners[p]);
                if (values.Length != count)
                {
                    throw new InvalidOperationException($"the measures returned {values.Length} values on a null but {count} on the data");
                }
                for (var m = 0; m < count; m++)
                {
                    nulls[(((p * count) + m) * permutations) + b] = values[m];
                }
            }
        }
        var results = new SignificanceResult[partners.Count][];
        for (var p = 0; p < partners.Count; p++)
        {
            results[p] = new SignificanceResult[count];
            for (var m = 0; m < count; m++)
            {
                results[p][m] = Summarise(observed[p][m], nulls.AsSpan(((p * count) + m) * permutations, permutations));
            }
        }
        return results;
    }

    private static void Check(int[] x, int permutations, NullModel nullModel)
    {
        if (permutations < 1 || permutations > MaxPermutations)
        {
            throw new ArgumentException($"permutations must be between 1 and {MaxPermutations} (was {permutations})", nameof(permutations));
        }
        if (x.Length < 2)
        {
            throw new ArgumentException($"a permutation test needs at least 2 samples (x has {x.Length})", nameof(x));
        }
        if (nullModel is not (NullModel.Shuffle or NullModel.Shift))
        {
            throw new ArgumentException($"unknown null model {nullModel}", nameof(nullModel));
        }
    }

    private static RandomSource NewRandom(int? seed) => new(seed is { } s ? (ulong)(uint)s : (ulong)Random.Shared.NextInt64());

    private static void Permute(int[] x, int[] buffer, NullModel nullModel, RandomSource random)
    {
        if (nullModel == NullModel.Shuffle)
        {
            Shuffle(buffer, random);
        }
        else
        {
            Shift(x, buffer, 1 + random.Below(x.Length - 1));
        }
    }

    /// <summary>p-value, median and corrected value of one measure; sorts <paramref name="nulls"/> in place.</summary>
    internal static SignificanceResult Summarise(double observed, Span<double> nulls)
    {
        var tolerance = 1e-12 * Math.Max(1.0, Math.Abs(observed));
        var atOrAbove = 0;
        foreach (var value in nulls)
        {
            if (value >= observed - tolerance)
            {
                atOrAbove++;
            }
        }
        nulls.Sort();
        var half = nulls.Length / 2;
        var median = nulls.Length % 2 == 1 ? nulls[half] : 0.5 * (nulls[half - 1] + nulls[half]);
        var p = (double)Math.Max(1, atOrAbove) / nulls.Length;
        return new SignificanceResult(observed, p, median, observed - median);
    }

    /// <summary>Fisher–Yates in place; j ≤ i &lt; length by construction, so the swaps skip bounds checks.</summary>
    internal static void Shuffle(int[] buffer, RandomSource random)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(buffer);
        for (var i = buffer.Length - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            ref var a = ref Unsafe.Add(ref first, i);
            ref var b = ref Unsafe.Add(ref first, j);
            (a, b) = (b, a);
        }
    }

    /// <summary>buffer[t] = x[(t + offset) mod N].</summary>
    internal static void Shift(int[] x, int[] buffer, int offset)
    {
        var tail = x.Length - offset;
        Array.Copy(x, offset, buffer, 0, tail);
        Array.Copy(x, 0, buffer, tail, offset);
    }
}
