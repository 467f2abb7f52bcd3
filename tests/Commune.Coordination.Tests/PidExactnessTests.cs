namespace Commune.Coordination.Tests;

/// <summary>
/// Two-source PIDs of uniform full truth tables, where the plug-in distribution is the exact distribution, so the values are
/// derived by hand and must match to 1e-9.
/// </summary>
public sealed class PidExactnessTests
{
    private const double Tolerance = 1e-9;
    private static readonly double Log3 = Math.Log2(3);

    [Fact]
    public void Xor_is_pure_synergy()
    {
        // Y = X1 ⊕ X2: neither input alone says anything about Y (each is independent of Y); together they fix it.
        var r = PartialInformation.Decompose([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 0]);
        AssertPid(r, mi: 1, red: 0, u1: 0, u2: 0, syn: 1);
    }

    [Fact]
    public void And_has_the_williams_beer_values()
    {
        // Y = X1 ∧ X2. I = H(Y) = H(¼) = 2 − ¾ log2 3. I(Xi;Y) = H(Y) − H(Y|Xi) = H(¼) − ½ = 3/2 − ¾ log2 3.
        // Specific informations are equal for both sources at every y, so I_min = I(Xi;Y), uniques vanish, synergy ½.
        var r = PartialInformation.Decompose([0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 0, 1]);
        AssertPid(r, mi: 2 - (0.75 * Log3), red: 1.5 - (0.75 * Log3), u1: 0, u2: 0, syn: 0.5);
        Assert.Equal(0.811278, r.MutualInformation, 6);
        Assert.Equal(0.311278, r.Redundancy, 6);
    }

    [Fact]
    public void A_copied_bit_is_pure_redundancy()
    {
        // X1 = X2 = Y, a uniform bit: both sources carry the one bit; I_min = 1.
        var r = PartialInformation.Decompose([0, 1], [0, 1], [0, 1]);
        AssertPid(r, mi: 1, red: 1, u1: 0, u2: 0, syn: 0);
    }

    [Fact]
    public void A_target_that_copies_the_second_source_is_unique_to_it()
    {
        // Y = X2, X1 an independent uniform bit: the specific information of X1 is 0 for every y, so redundancy is 0.
        var r = PartialInformation.Decompose([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 0, 1]);
        AssertPid(r, mi: 1, red: 0, u1: 0, u2: 1, syn: 0);
    }

    [Fact]
    public void Mmi_equals_imin_on_and_because_both_sources_are_symmetric()
    {
        // MMI = min(I(X1;Y), I(X2;Y)) = 3/2 − ¾ log2 3; I_min takes the min inside the expectation over y, which changes nothing
        // when the two specific informations coincide at every y.
        var r = PartialInformation.Decompose([0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 0, 1], RedundancyMeasure.Mmi);
        AssertPid(r, mi: 2 - (0.75 * Log3), red: 1.5 - (0.75 * Log3), u1: 0, u2: 0, syn: 0.5);
    }

    [Fact]
    public void Imin_and_mmi_differ_when_the_most_informative_source_depends_on_the_outcome()
    {
        // Y uniform on {0,1,2}; X1 = [Y = 0], X2 = [Y = 1]. Specific information of X1: log2 3 at y = 0 (X1 = 1 pins y),
        // log2 1.5 at y = 1, 2 (X1 = 0 leaves two outcomes); X2 mirrors it. I(Xi;Y) = (log2 3 + 2 log2 1.5)/3 = log2 3 − 2/3.
        // I_min = E_y min = log2 1.5 = log2 3 − 1 ⇒ uniques ⅓ each, synergy = log2 3 − ⅔ − (log2 3 − 1) = ⅓.
        // MMI = log2 3 − ⅔ ⇒ uniques 0, synergy = log2 3 − (log2 3 − ⅔) = ⅔. I(X1,X2;Y) = H(Y) = log2 3 in both.
        int[] x1 = [1, 0, 0], x2 = [0, 1, 0], y = [0, 1, 2];
        AssertPid(PartialInformation.Decompose(x1, x2, y), mi: Log3, red: Log3 - 1, u1: 1.0 / 3, u2: 1.0 / 3, syn: 1.0 / 3);
        AssertPid(PartialInformation.Decompose(x1, x2, y, RedundancyMeasure.Mmi), mi: Log3, red: Log3 - (2.0 / 3), u1: 0, u2: 0, syn: 2.0 / 3);
    }

    [Fact]
    public void Repeating_a_truth_table_changes_nothing()
    {
        // Plug-in estimates depend only on frequencies: the XOR table three times over is still exactly XOR.
        int[] x1 = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1], x2 = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        var y = x1.Zip(x2, (a, b) => a ^ b).ToArray();
        AssertPid(PartialInformation.Decompose(x1, x2, y), mi: 1, red: 0, u1: 0, u2: 0, syn: 1);
    }

    [Fact]
    public void Three_way_parity_has_one_bit_of_three_source_synergy()
    {
        // Y = X1 ⊕ X2 ⊕ X3 over the 8 uniform inputs: any pair is independent of Y, all three fix it: 1 − 0 = 1 bit.
        // With Y = X1 ⊕ X2 instead, the pair (X1, X2) already carries everything: 0.
        int[] x1 = [0, 0, 0, 0, 1, 1, 1, 1], x2 = [0, 0, 1, 1, 0, 0, 1, 1], x3 = [0, 1, 0, 1, 0, 1, 0, 1];
        var parity = Enumerable.Range(0, 8).Select(i => x1[i] ^ x2[i] ^ x3[i]).ToArray();
        var pairXor = Enumerable.Range(0, 8).Select(i => x1[i] ^ x2[i]).ToArray();
        Assert.Equal(1, PartialInformation.ThreeSourceSynergy(x1, x2, x3, parity), Tolerance);
        Assert.Equal(0, PartialInformation.ThreeSourceSynergy(x1, x2, x3, pairXor), Tolerance);
    }

    private static void AssertPid(PidResult r, double mi, double red, double u1, double u2, double syn)
    {
        Assert.Equal(mi, r.MutualInformation, Tolerance);
        Assert.Equal(red, r.Redundancy, Tolerance);
        Assert.Equal(u1, r.Unique1, Tolerance);
        Assert.Equal(u2, r.Unique2, Tolerance);
        Assert.Equal(syn, r.Synergy, Tolerance);
    }
}
