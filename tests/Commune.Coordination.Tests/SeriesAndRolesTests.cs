namespace Commune.Coordination.Tests;

/// <summary>Label encoding, quantile bins and role specialization.</summary>
public sealed class SeriesAndRolesTests
{
    [Fact]
    public void Labels_get_codes_in_order_of_first_appearance()
    {
        var s = DiscreteSeries.From(["review", "plan", "review", "code"]);
        Assert.Equal([0, 1, 0, 2], s.Codes);
        Assert.Equal(["review", "plan", "code"], s.Labels);
        Assert.Equal(3, s.AlphabetSize);
        Assert.Equal([0, 0, 1], DiscreteSeries.From([7, 7, 3]).Codes);
    }

    [Fact]
    public void Quantile_bins_split_ranks_evenly()
    {
        // Ranks 0…5, bin = ⌊rank · 3 / 6⌋: the two smallest values → 0, the middle two → 1, the largest two → 2.
        Assert.Equal([2, 0, 1, 0, 1, 2], Binning.Quantile([5.0, 1.0, 3.0, 2.0, 4.0, 6.0], 3));
    }

    [Fact]
    public void Tied_values_share_the_bin_of_their_lowest_rank_whatever_their_order()
    {
        // Three equal values occupy ranks 0–2 and all get bin 0; the largest has rank 3 ⇒ bin 3; bins 1 and 2 stay empty.
        Assert.Equal([0, 0, 0, 3], Binning.Quantile([1.0, 1.0, 1.0, 2.0], 4));
        Assert.Equal([3, 0, 0, 0], Binning.Quantile([2.0, 1.0, 1.0, 1.0], 4));
        Assert.Throws<ArgumentException>(() => Binning.Quantile([1.0, double.NaN], 2));
        Assert.Throws<ArgumentException>(() => Binning.Quantile([1.0], 0));
    }

    [Fact]
    public void An_agent_is_specialized_only_strictly_above_the_threshold()
    {
        var result = Specialization.Measure(new Dictionary<string, IReadOnlyList<string>>
        {
            ["coder"] = ["code", "code", "code", "review"],                                                   // 3/4 = 0.75 > 0.7
            ["border"] = ["plan", "plan", "plan", "plan", "plan", "plan", "plan", "test", "test", "test"],    // exactly 0.7: not strictly above
            ["split"] = ["test", "plan", "test", "plan"],                                                     // tie: the ordinal-smallest label
        });
        Assert.Equal(new AgentSpecialization("code", 0.75, true), result["coder"]);
        Assert.Equal(new AgentSpecialization("plan", 0.7, false), result["border"]);
        Assert.Equal(new AgentSpecialization("plan", 0.5, false), result["split"]);
        var loose = Specialization.Measure(new Dictionary<string, IReadOnlyList<string>> { ["split"] = ["a", "b", "a"] }, threshold: 0.5);
        Assert.True(loose["split"].Specialized);
        Assert.Throws<ArgumentException>(() => Specialization.Measure(new Dictionary<string, IReadOnlyList<string>> { ["idle"] = [] }));
        Assert.Throws<ArgumentException>(() => Specialization.Measure(new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["x"] }, threshold: 1));
    }
}
