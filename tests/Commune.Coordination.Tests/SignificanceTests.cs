namespace Commune.Coordination.Tests;

/// <summary>Permutation tests: the p-value rule of the issue, the two null models, determinism.</summary>
public sealed class SignificanceTests
{
    private static int[] RandomCodes(int n, int k, int seed)
    {
        var random = new Random(seed);
        var codes = new int[n];
        for (var i = 0; i < n; i++)
        {
            codes[i] = random.Next(k);
        }
        return codes;
    }

    [Fact]
    public void A_copy_beats_every_shuffle_so_p_is_floored_at_one_over_B()
    {
        // I(X;X) = H(X) ≈ 2 bits for 400 uniform draws from 4 symbols; a shuffle keeps ~0.01 bits. No null reaches it: p = 1/B.
        var x = RandomCodes(400, 4, seed: 1);
        var r = Significance.Test((a, b) => InformationMeasures.MutualInformation(a, b), x, x, permutations: 200, seed: 7);
        Assert.Equal(1.0 / 200, r.PValue);
        Assert.Equal(InformationMeasures.Entropy(x), r.Observed, 1e-12);
        Assert.InRange(r.NullMedian, 0, 0.1);
        Assert.Equal(r.Observed - r.NullMedian, r.Corrected, 1e-15);
    }

    [Fact]
    public void A_constant_target_ties_every_null_so_p_is_one()
    {
        // y constant: I = 0 for the data and for every null; ties count as "at or above".
        var x = RandomCodes(50, 3, seed: 2);
        var r = Significance.Test((a, b) => InformationMeasures.MutualInformation(a, b), x, new int[50], permutations: 30, seed: 1);
        Assert.Equal(1, r.PValue);
        Assert.Equal(0, r.Corrected, 1e-15);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result_and_shuffles_really_differ()
    {
        var x = RandomCodes(300, 3, seed: 3);
        var y = RandomCodes(300, 3, seed: 4);
        Func<int[], int[], double> mi = (a, b) => InformationMeasures.MutualInformation(a, b);
        Assert.Equal(Significance.Test(mi, x, y, 100, seed: 42), Significance.Test(mi, x, y, 100, seed: 42));
        Assert.Equal(Significance.Test(mi, x, y, 100, NullModel.Shift, seed: 42), Significance.Test(mi, x, y, 100, NullModel.Shift, seed: 42));
        Assert.NotEqual(Significance.Test(mi, x, y, 100, seed: 42).NullMedian, Significance.Test(mi, x, y, 100, seed: 43).NullMedian);
    }

    [Fact]
    public void A_circular_shift_keeps_the_series_own_dynamics_and_a_shuffle_does_not()
    {
        // Measure: minus the number of circular changes a[t] ≠ a[t+1 mod N]; two long runs give −2.
        // Every rotation has the same circular changes (null = observed ⇒ p = 1, median = observed); shuffles scatter the runs.
        int[] x = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 30)];
        static double Changes(int[] a, int[] _)
        {
            var changes = 0;
            for (var t = 0; t < a.Length; t++)
            {
                changes += a[t] != a[(t + 1) % a.Length] ? 1 : 0;
            }
            return -changes;
        }
        var shift = Significance.Test(Changes, x, x, 50, NullModel.Shift, seed: 5);
        Assert.Equal(1, shift.PValue);
        Assert.Equal(-2, shift.NullMedian);
        var shuffle = Significance.Test(Changes, x, x, 50, NullModel.Shuffle, seed: 5);
        Assert.Equal(1.0 / 50, shuffle.PValue);
        Assert.True(shuffle.NullMedian < -10);
    }

    [Fact]
    public void A_shift_never_returns_the_series_unmoved()
    {
        // Offsets are drawn from 1…N−1: with a single 1 at t = 0, every null has 0 there.
        int[] x = [1, 0, 0, 0, 0];
        var r = Significance.Test((a, _) => a[0], x, x, 100, NullModel.Shift, seed: 9);
        Assert.Equal(0, r.NullMedian);
        Assert.Equal(1.0 / 100, r.PValue);
    }

    [Fact]
    public void Several_measures_share_the_same_nulls()
    {
        var x = RandomCodes(200, 3, seed: 6);
        var y = RandomCodes(200, 3, seed: 8);
        var all = Significance.TestAll((a, b) => [InformationMeasures.MutualInformation(a, b), InformationMeasures.MutualInformation(a, b, lag: 1)], x, y, 80, seed: 11);
        var first = Significance.Test((a, b) => InformationMeasures.MutualInformation(a, b), x, y, 80, seed: 11);
        var second = Significance.Test((a, b) => InformationMeasures.MutualInformation(a, b, lag: 1), x, y, 80, seed: 11);
        Assert.Equal([first, second], all);
    }

    [Fact]
    public void Testing_against_several_partners_equals_one_test_per_partner_with_the_same_seed()
    {
        // The same seed draws the same sequence of nulls of x, so sharing them across partners changes no single test.
        var x = RandomCodes(150, 3, seed: 12);
        int[][] partners = [RandomCodes(150, 3, seed: 13), RandomCodes(150, 2, seed: 14)];
        Func<int[], int[], double[]> measures = (a, b) => [InformationMeasures.MutualInformation(a, b), GroupMeasures.PairDecomposition(a, b).Synergy];
        foreach (var model in new[] { NullModel.Shuffle, NullModel.Shift })
        {
            var shared = Significance.TestAgainst(measures, x, partners, 60, model, seed: 21);
            Assert.Equal(Significance.TestAll(measures, x, partners[0], 60, model, seed: 21), shared[0]);
            Assert.Equal(Significance.TestAll(measures, x, partners[1], 60, model, seed: 21), shared[1]);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Func<int[], int[], double> mi = (a, b) => InformationMeasures.MutualInformation(a, b);
        Assert.Contains("permutations", Assert.Throws<ArgumentException>(() => Significance.Test(mi, [0, 1], [0, 1], 0)).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => Significance.Test(mi, [0], [0])).Message);
    }
}
