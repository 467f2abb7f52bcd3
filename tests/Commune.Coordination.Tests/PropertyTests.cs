using FsCheck;
using FsCheck.Fluent;

namespace Commune.Coordination.Tests;

/// <summary>Identities every estimate must satisfy on arbitrary small series.</summary>
public sealed class PropertyTests
{
    /// <summary>Three equally long series of 1…60 samples over alphabets of 1…4 codes each.</summary>
    private static readonly Gen<(int[] A, int[] B, int[] C)> Triples =
        from n in Gen.Choose(1, 60)
        from ka in Gen.Choose(1, 4)
        from kb in Gen.Choose(1, 4)
        from kc in Gen.Choose(1, 4)
        from a in Gen.Choose(0, ka - 1).ArrayOf(n)
        from b in Gen.Choose(0, kb - 1).ArrayOf(n)
        from c in Gen.Choose(0, kc - 1).ArrayOf(n)
        select (a, b, c);

    [Fact]
    public void Pid_parts_are_non_negative_and_sum_to_the_joint_mutual_information()
    {
        Prop.ForAll(Triples.ToArbitrary(), Gen.Elements(RedundancyMeasure.Imin, RedundancyMeasure.Mmi).ToArbitrary(), (t, measure) =>
        {
            var r = PartialInformation.Decompose(t.A, t.B, t.C, measure);
            var joint = InformationMeasures.MutualInformation(DiscreteSeries.Combine(t.A, t.B), t.C);
            var sum = r.Redundancy + r.Unique1 + r.Unique2 + r.Synergy;
            return Math.Abs(sum - r.MutualInformation) < 1e-9 && Math.Abs(joint - r.MutualInformation) < 1e-9
                && r.Redundancy >= -1e-12 && r.Unique1 >= -1e-12 && r.Unique2 >= -1e-12 && r.Synergy >= -1e-12;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Mutual_information_is_symmetric_and_at_most_the_smaller_entropy()
    {
        Prop.ForAll(Triples.ToArbitrary(), t =>
        {
            var xy = InformationMeasures.MutualInformation(t.A, t.B);
            var yx = InformationMeasures.MutualInformation(t.B, t.A);
            var bound = Math.Min(InformationMeasures.Entropy(t.A), InformationMeasures.Entropy(t.B));
            return Math.Abs(xy - yx) < 1e-12 && xy >= -1e-12 && xy <= bound + 1e-12;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Mutual_information_does_not_depend_on_the_names_of_the_labels()
    {
        // Relabel x by a permutation of 0…3 and by strings through DiscreteSeries: the partition is the same, so is I.
        Prop.ForAll(Triples.ToArbitrary(), Gen.Shuffle([0, 1, 2, 3]).ToArbitrary(), (t, perm) =>
        {
            var relabelled = t.A.Select(code => perm[code]).ToArray();
            var named = DiscreteSeries.From(t.A.Select(code => $"role-{code}").ToArray()).Codes;
            var expected = InformationMeasures.MutualInformation(t.A, t.B);
            return Math.Abs(InformationMeasures.MutualInformation(relabelled, t.B) - expected) < 1e-12
                && Math.Abs(InformationMeasures.MutualInformation(named, t.B) - expected) < 1e-12
                && Math.Abs(InformationMeasures.MutualInformation(relabelled, t.B, Estimator.MillerMadow)
                    - InformationMeasures.MutualInformation(t.A, t.B, Estimator.MillerMadow)) < 1e-12;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Chain_rule_links_conditional_and_joint_mutual_information()
    {
        // I(X, Z; Y) = I(Z; Y) + I(X; Y | Z), for every estimator-free plug-in table.
        Prop.ForAll(Triples.ToArbitrary(), t =>
        {
            var joint = InformationMeasures.MutualInformation(DiscreteSeries.Combine(t.A, t.C), t.B);
            var parts = InformationMeasures.MutualInformation(t.C, t.B) + InformationMeasures.ConditionalMutualInformation(t.A, t.B, t.C);
            return Math.Abs(joint - parts) < 1e-9;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void P_values_lie_between_one_over_B_and_one()
    {
        Prop.ForAll(Triples.ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), Gen.Elements(NullModel.Shuffle, NullModel.Shift).ToArbitrary(), (t, b, model) =>
        {
            if (t.A.Length < 2)
            {
                return true;
            }
            var r = Significance.Test((x, y) => InformationMeasures.MutualInformation(x, y), t.A, t.B, b, model, seed: b);
            return r.PValue >= 1.0 / b && r.PValue <= 1 && Math.Abs(r.Corrected - (r.Observed - r.NullMedian)) < 1e-15;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Specialization_shares_are_in_zero_one()
    {
        var labels = Gen.Elements("plan", "code", "review", "test").NonEmptyListOf();
        Prop.ForAll(labels.ToArbitrary(), labels.ToArbitrary(), (a, b) =>
        {
            var result = Specialization.Measure(new Dictionary<string, IReadOnlyList<string>> { ["a"] = a.ToArray(), ["b"] = b.ToArray() });
            return result.Values.All(s => s.Share > 0 && s.Share <= 1 && s.Specialized == s.Share > 0.7);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void The_fused_pair_measures_equal_the_separate_calls()
    {
        Prop.ForAll(Triples.ToArbitrary(), Gen.Elements(Estimator.Plugin, Estimator.MillerMadow, Estimator.Jeffreys).ToArbitrary(), (t, estimator) =>
        {
            if (t.A.Length < 2)
            {
                return true;
            }
            var pair = GroupMeasures.Pair(t.A, t.B, estimator);
            var tdmi = InformationMeasures.TimeDelayedMutualInformation(t.A, t.B, 1, estimator);
            var n = t.A.Length;
            var target = DiscreteSeries.Combine(t.A[1..], t.B[1..]);
            var pid = PartialInformation.Decompose(t.A[..(n - 1)], t.B[..(n - 1)], target);
            return Math.Abs(pair.MutualInformation - InformationMeasures.MutualInformation(t.A, t.B, estimator)) < 1e-9
                && Math.Abs(pair.IToJ - tdmi.XToY) < 1e-9 && Math.Abs(pair.JToI - tdmi.YToX) < 1e-9
                && Math.Abs(pair.Decomposition.Synergy - pid.Synergy) < 1e-9 && Math.Abs(pair.Decomposition.Redundancy - pid.Redundancy) < 1e-9;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
