namespace Commune.Coordination.Tests;

/// <summary>The paper's group-level tests on systems whose answers follow by hand.</summary>
public sealed class GroupMeasuresTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void A_group_signal_that_predicts_itself_while_agents_do_not_is_emergent()
    {
        // V alternates 0 1 0 1 …: over the 7 transitions V(t) has four 0s and three 1s and fixes V(t+1), so
        // I(V(t); V(t+1)) = H(3/7) = log2 7 − (3/7) log2 3 − 8/7. Constant agents carry nothing about V(t+1) ⇒ S = H(3/7).
        int[] v = [0, 1, 0, 1, 0, 1, 0, 1];
        int[] quiet = new int[8];
        var selfPrediction = Math.Log2(7) - (3.0 / 7 * Math.Log2(3)) - (8.0 / 7);
        Assert.Equal(selfPrediction, InformationMeasures.MutualInformation(v, v, lag: 1), Tolerance);
        Assert.Equal(selfPrediction, GroupMeasures.PracticalCriterion([quiet, quiet], v), Tolerance);
    }

    [Fact]
    public void An_agent_that_carries_the_signal_cancels_the_criterion()
    {
        // One agent equal to V: its term I(X(t); V(t+1)) equals I(V(t); V(t+1)), so S = 0; two such agents make S = −I.
        int[] v = [0, 1, 1, 0, 1, 0, 0, 1];
        var i = InformationMeasures.MutualInformation(v, v, lag: 1);
        Assert.Equal(0, GroupMeasures.PracticalCriterion([v, new int[8]], v), Tolerance);
        Assert.Equal(-i, GroupMeasures.PracticalCriterion([v, v], v), Tolerance);
    }

    [Fact]
    public void Emergence_capacity_is_the_median_pair_synergy_about_the_joint_next_state()
    {
        // Three agents; the capacity is the middle of the three pair synergies, each the PID of (Xi(t), Xj(t)) about
        // (Xi(t+1), Xj(t+1)) encoded as one code.
        var random = new Random(3);
        var agents = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 120).Select(_ => random.Next(3)).ToArray()).ToArray();
        var synergies = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            for (var j = i + 1; j < 3; j++)
            {
                var target = DiscreteSeries.Combine(agents[i][1..], agents[j][1..]);
                synergies.Add(PartialInformation.Decompose(agents[i][..^1], agents[j][..^1], target).Synergy);
            }
        }
        synergies.Sort();
        Assert.Equal(synergies[1], GroupMeasures.EmergenceCapacity(agents), Tolerance);
    }
}
