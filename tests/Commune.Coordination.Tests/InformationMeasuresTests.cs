namespace Commune.Coordination.Tests;

/// <summary>Entropies, estimators and directed measures on tables small enough to derive by hand (1e-9).</summary>
public sealed class InformationMeasuresTests
{
    private const double Tolerance = 1e-9;
    private static readonly double Log3 = Math.Log2(3);

    [Fact]
    public void A_fair_die_has_log2_6_bits()
    {
        Assert.Equal(Math.Log2(6), InformationMeasures.Entropy([0, 1, 2, 3, 4, 5]), Tolerance);
        Assert.Equal(0, InformationMeasures.Entropy([3, 3, 3]), Tolerance);
    }

    [Fact]
    public void Miller_madow_adds_occupied_cells_minus_one_over_2N_ln2_to_the_plug_in()
    {
        // Counts (3, 1): plug-in H(¼) = 2 − ¾ log2 3; m = 2 occupied cells, N = 4 ⇒ + 1 / (8 ln 2).
        int[] x = [0, 0, 0, 1];
        var plugin = 2 - (0.75 * Log3);
        Assert.Equal(plugin, InformationMeasures.Entropy(x), Tolerance);
        Assert.Equal(plugin + (1 / (8 * Math.Log(2))), InformationMeasures.Entropy(x, Estimator.MillerMadow), Tolerance);
        // A constant series has one occupied cell: no correction.
        Assert.Equal(0, InformationMeasures.Entropy([1, 1, 1, 1], Estimator.MillerMadow), Tolerance);
    }

    [Fact]
    public void Jeffreys_adds_a_half_to_every_cell()
    {
        // Counts (3, 1) + ½ ⇒ (3.5, 1.5) / 5 = (0.7, 0.3): H = −0.7 log2 0.7 − 0.3 log2 0.3 ≈ 0.881291.
        var expected = -(0.7 * Math.Log2(0.7)) - (0.3 * Math.Log2(0.3));
        Assert.Equal(expected, InformationMeasures.Entropy([0, 0, 0, 1], Estimator.Jeffreys), Tolerance);
        Assert.Equal(0.881291, expected, 6);
    }

    [Fact]
    public void Jeffreys_mutual_information_smooths_the_joint_table_and_takes_marginals_from_it()
    {
        // x = y = [0, 1]: joint counts diag(1, 1) + ½ ⇒ (1.5, .5, .5, 1.5) / 4 = (3/8, 1/8, 1/8, 3/8), marginals ½.
        // I = 2·(3/8) log2((3/8)/(1/4)) + 2·(1/8) log2((1/8)/(1/4)) = ¾ log2 1.5 − ¼ = ¾ log2 3 − 1 ≈ 0.18872.
        Assert.Equal((0.75 * Log3) - 1, InformationMeasures.MutualInformation([0, 1], [0, 1], Estimator.Jeffreys), Tolerance);
        // Plug-in: one full bit.
        Assert.Equal(1, InformationMeasures.MutualInformation([0, 1], [0, 1]), Tolerance);
    }

    [Fact]
    public void Miller_madow_mutual_information_corrects_each_entropy()
    {
        // x = y = [0, 1, 0, 1]: H(X) = H(Y) = H(X,Y) = 1 plug-in with m = 2 occupied cells each, N = 4:
        // I = (1 + c) + (1 + c) − (1 + c) = 1 + 1 / (8 ln 2).
        Assert.Equal(1 + (1 / (8 * Math.Log(2))), InformationMeasures.MutualInformation([0, 1, 0, 1], [0, 1, 0, 1], Estimator.MillerMadow), Tolerance);
    }

    [Fact]
    public void Joint_entropy_of_independent_uniform_bits_is_two_bits()
    {
        Assert.Equal(2, InformationMeasures.JointEntropy([0, 0, 1, 1], [0, 1, 0, 1]), Tolerance);
        Assert.Equal(1, InformationMeasures.JointEntropy([0, 1], [0, 1]), Tolerance);
    }

    [Fact]
    public void Lagged_mutual_information_pairs_t_with_t_plus_lag()
    {
        // y[t + 2] = x[t] for a balanced x: I(X(t); Y(t+2)) = H(X over the first N − 2 samples) = 1 bit; at lag 0 they are independent here.
        int[] x = [0, 1, 0, 1, 1, 0], y = [9, 9, 0, 1, 0, 1];
        Assert.Equal(1, InformationMeasures.MutualInformation(x, y, lag: 2), Tolerance);
    }

    [Fact]
    public void Time_delayed_information_flows_from_the_series_that_is_copied()
    {
        // x = the order-3 de Bruijn cycle 00010111, y[t] = x[t − 1 mod 8]. x → y (lag 1): pairs (x_t, y_{t+1}) = (x_t, x_t),
        // t = 0…6, so I = H(x_0…x_6) = H(3/7) = log2 7 − (3/7) log2 3 − (4/7)·2 (four zeros, three ones).
        // y → x: pairs (y_t, x_{t+1}) = (1,0) (0,0) (0,1) (0,0) (1,1) (0,1) (1,1): counts 00:2 01:2 10:1 11:2, rows 4/3,
        // columns 3/4 ⇒ I = Σ c/7 · log2(7c / (row · column)).
        int[] x = [0, 0, 0, 1, 0, 1, 1, 1], y = [1, 0, 0, 0, 1, 0, 1, 1];
        var forward = Math.Log2(7) - (3.0 / 7 * Log3) - (8.0 / 7);
        var backward = (2.0 / 7 * Math.Log2(14.0 / 12)) + (2.0 / 7 * Math.Log2(14.0 / 16)) + (1.0 / 7 * Math.Log2(7.0 / 9)) + (2.0 / 7 * Math.Log2(14.0 / 12));
        var d = InformationMeasures.TimeDelayedMutualInformation(x, y, lag: 1);
        Assert.Equal(forward, d.XToY, Tolerance);
        Assert.Equal(backward, d.YToX, Tolerance);
        Assert.Equal("x", d.Leader);
        var swapped = InformationMeasures.TimeDelayedMutualInformation(y, x, lag: 1);
        Assert.Equal("y", swapped.Leader);
        Assert.Equal("none", InformationMeasures.TimeDelayedMutualInformation(x, x, lag: 0).Leader);
    }

    [Fact]
    public void Transfer_entropy_of_a_copy_delayed_by_one_is_the_entropy_of_the_source()
    {
        // s = 0 0 1 1 0 1, x = s[1..], y = s[0..5] so y(t+1) = x(t). The samples t = 0…3 are (y(t+1), x(t), y(t)) =
        // (s_{t+1}, s_{t+1}, s_t): the pairs (s_t, s_{t+1}) = 00 01 11 10 are each seen once, as for iid uniform bits.
        // TE = H(Y(t+1) | Y(t)) − H(Y(t+1) | X(t), Y(t)) = 1 − 0 = H(X) = 1 bit.
        int[] x = [0, 1, 1, 0, 1], y = [0, 0, 1, 1, 0];
        Assert.Equal(1, InformationMeasures.TransferEntropy(x, y, history: 1), Tolerance);
    }

    [Fact]
    public void Transfer_entropy_is_zero_for_a_target_that_only_follows_its_own_past()
    {
        // y alternates: its own past fixes its future, so nothing is left for any source to explain.
        int[] x = [0, 1, 1, 0, 0, 1, 0, 1], y = [0, 1, 0, 1, 0, 1, 0, 1];
        Assert.Equal(0, InformationMeasures.TransferEntropy(x, y, history: 1), Tolerance);
        Assert.Equal(0, InformationMeasures.TransferEntropy(x, y, history: 2), Tolerance);
    }

    [Fact]
    public void Conditioning_reveals_what_xor_hides()
    {
        // Y = X1 ⊕ X2: I(X1; Y) = 0 but given X2, X1 determines Y: I(X1; Y | X2) = H(Y | X2) = 1.
        int[] x1 = [0, 0, 1, 1], x2 = [0, 1, 0, 1], y = [0, 1, 1, 0];
        Assert.Equal(0, InformationMeasures.MutualInformation(x1, y), Tolerance);
        Assert.Equal(1, InformationMeasures.ConditionalMutualInformation(x1, y, x2), Tolerance);
        // Conditioning on the target itself leaves nothing: I(X; Y | Y) = 0.
        Assert.Equal(0, InformationMeasures.ConditionalMutualInformation(x1, y, y), Tolerance);
        // A common cause: X = Y = Z gives I(X;Y) = 1 but I(X;Y|Z) = 0.
        Assert.Equal(0, InformationMeasures.ConditionalMutualInformation([0, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1]), Tolerance);
    }

    [Fact]
    public void Conditional_mutual_information_with_jeffreys_uses_the_smoothed_three_way_table()
    {
        // x = y = z = [0, 1]: every marginal of the smoothed 2×2×2 table is derived from cells (1.5 on the diagonal, .5 elsewhere)/6.
        // H(X,Z) = H(Y,Z): cells (1.5+.5, .5+.5, .5+.5, .5+1.5)/6 = (2,1,1,2)/6; H(Z) = 1; H(X,Y,Z) over (1.5, .5 ×6, 1.5)/6.
        double H(params double[] p) => -p.Sum(q => q * Math.Log2(q));
        var hxz = H(2.0 / 6, 1.0 / 6, 1.0 / 6, 2.0 / 6);
        var hxyz = H(1.5 / 6, .5 / 6, .5 / 6, .5 / 6, .5 / 6, .5 / 6, .5 / 6, 1.5 / 6);
        var expected = hxz + hxz - hxyz - 1;
        Assert.Equal(expected, InformationMeasures.ConditionalMutualInformation([0, 1], [0, 1], [0, 1], Estimator.Jeffreys), Tolerance);
    }

    [Fact]
    public void Mismatched_empty_negative_and_overlong_lags_are_argument_errors()
    {
        Assert.Contains("equally long", Assert.Throws<ArgumentException>(() => InformationMeasures.MutualInformation([0, 1], [0])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => InformationMeasures.Entropy([])).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => InformationMeasures.Entropy([0, -1])).Message);
        Assert.Contains("lag", Assert.Throws<ArgumentException>(() => InformationMeasures.MutualInformation([0, 1], [0, 1], lag: 2)).Message);
        Assert.Contains("lag", Assert.Throws<ArgumentException>(() => InformationMeasures.MutualInformation([0, 1], [0, 1], lag: -1)).Message);
        Assert.Contains("history", Assert.Throws<ArgumentException>(() => InformationMeasures.TransferEntropy([0, 1], [0, 1], history: 2)).Message);
        Assert.Contains("cells", Assert.Throws<ArgumentException>(() => InformationMeasures.MutualInformation([0, 1 << 12], [0, 1 << 12])).Message);
        Assert.Contains("dense", Assert.Throws<ArgumentException>(() => InformationMeasures.Entropy([0, int.MaxValue])).Message);
        Assert.Contains("two agents", Assert.Throws<ArgumentException>(() => GroupMeasures.EmergenceCapacity([[0, 1]])).Message);
    }
}
