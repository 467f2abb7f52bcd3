namespace Commune.Coordination;

/// <summary>
/// Partial information decomposition (Williams &amp; Beer 2010) of what two sources tell about a target, plug-in estimates on
/// the empirical joint distribution. With I_min or MMI redundancy every part of the two-source lattice is non-negative.
/// </summary>
public static class PartialInformation
{
    /// <summary>Decomposes I(X1, X2; Y).</summary>
    public static PidResult Decompose(int[] x1, int[] x2, int[] y, RedundancyMeasure measure = RedundancyMeasure.Imin)
    {
        var k1 = SeriesGuard.Alphabet(x1, nameof(x1));
        var k2 = SeriesGuard.Alphabet(x2, nameof(x2));
        var ky = SeriesGuard.Alphabet(y, nameof(y));
        SeriesGuard.SameLength(x1, nameof(x1), y, nameof(y));
        SeriesGuard.SameLength(x2, nameof(x2), y, nameof(y));
        var scratch = Scratch.Current;
        var table = scratch.Table(SeriesGuard.Cells(k1, k2, ky));
        for (var t = 0; t < y.Length; t++)
        {
            table[(((x1[t] * k2) + x2[t]) * ky) + y[t]]++;
        }
        return FromTable(table, k1, k2, ky, y.Length, measure, scratch);
    }

    /// <summary>
    /// Three-source synergy lower bound: I(X1, X2, X3; Y) − max over pairs I(Xi, Xj; Y), the information only the three
    /// together carry beyond the best pair. It is not the full 18-atom Williams–Beer lattice; it is ≥ 0 and 0 when some pair
    /// already carries everything the coalition does.
    /// </summary>
    public static double ThreeSourceSynergy(int[] x1, int[] x2, int[] x3, int[] y)
    {
        var all = DiscreteSeries.Combine(DiscreteSeries.Combine(x1, x2), x3);
        var whole = InformationMeasures.MutualInformation(all, y);
        var best = Math.Max(
            InformationMeasures.MutualInformation(DiscreteSeries.Combine(x1, x2), y),
            Math.Max(
                InformationMeasures.MutualInformation(DiscreteSeries.Combine(x1, x3), y),
                InformationMeasures.MutualInformation(DiscreteSeries.Combine(x2, x3), y)));
        return whole - best;
    }

    /// <summary>The decomposition of a k1 × k2 × ky count table (x1 outer, y inner) of n samples.</summary>
    internal static PidResult FromTable(ReadOnlySpan<int> table, int k1, int k2, int ky, int n, RedundancyMeasure measure, Scratch scratch)
    {
        // Marginal counts: c(x1,y), c(x2,y), c(x1,x2), c(x1), c(x2), c(y).
        var m = scratch.Marginals((k1 * ky) + (k2 * ky) + (k1 * k2) + k1 + k2 + ky);
        m.Clear();
        var x1y = m[..(k1 * ky)];
        var x2y = m.Slice(k1 * ky, k2 * ky);
        var x12 = m.Slice((k1 * ky) + (k2 * ky), k1 * k2);
        var rest = m[((k1 * ky) + (k2 * ky) + (k1 * k2))..];
        var c1 = rest[..k1];
        var c2 = rest.Slice(k1, k2);
        var cy = rest.Slice(k1 + k2, ky);
        var i = 0;
        for (var a = 0; a < k1; a++)
        {
            for (var b = 0; b < k2; b++)
            {
                var ab = (a * k2) + b;
                for (var c = 0; c < ky; c++, i++)
                {
                    var count = table[i];
                    if (count == 0)
                    {
                        continue;
                    }
                    x1y[(a * ky) + c] += count;
                    x2y[(b * ky) + c] += count;
                    x12[ab] += count;
                    c1[a] += count;
                    c2[b] += count;
                    cy[c] += count;
                }
            }
        }

        // I(X1,X2;Y) = Σ c log2(c N / (c(x1,x2) c(y))) / N.
        double joint = 0;
        i = 0;
        for (var ab = 0; ab < k1 * k2; ab++)
        {
            for (var c = 0; c < ky; c++, i++)
            {
                var count = table[i];
                if (count > 0)
                {
                    joint += count * Math.Log2((double)count * n / ((double)x12[ab] * cy[c]));
                }
            }
        }
        joint /= n;

        // Specific information I(Y = y; Xi) = Σ_x p(x|y) log2(p(y|x) / p(y)); I(Xi;Y) = Σ_y p(y) I(Y = y; Xi).
        double mi1 = 0, mi2 = 0, imin = 0;
        for (var c = 0; c < ky; c++)
        {
            double countY = cy[c];
            if (countY == 0)
            {
                continue;
            }
            var s1 = Specific(x1y, c1, ky, c, countY, n);
            var s2 = Specific(x2y, c2, ky, c, countY, n);
            var weight = countY / n;
            mi1 += weight * s1;
            mi2 += weight * s2;
            imin += weight * Math.Min(s1, s2);
        }

        var redundancy = measure switch
        {
            RedundancyMeasure.Imin => imin,
            RedundancyMeasure.Mmi => Math.Min(mi1, mi2),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown redundancy measure"),
        };
        var unique1 = mi1 - redundancy;
        var unique2 = mi2 - redundancy;
        var synergy = joint - unique1 - unique2 - redundancy;
        return new PidResult(joint, redundancy, unique1, unique2, synergy);
    }

    private static double Specific(ReadOnlySpan<int> xy, ReadOnlySpan<int> cx, int ky, int y, double countY, int n)
    {
        double sum = 0;
        for (var x = 0; x < cx.Length; x++)
        {
            var count = xy[(x * ky) + y];
            if (count > 0)
            {
                // p(x|y) log2(p(y|x)/p(y)) = (c/cy) log2(c N / (cx cy)).
                sum += count / countY * Math.Log2((double)count * n / ((double)cx[x] * countY));
            }
        }
        return sum;
    }
}
