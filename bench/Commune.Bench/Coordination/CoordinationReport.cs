using Commune.Coordination;

namespace Commune.Bench.Coordination;

/// <summary>
/// What the benchmark computes: the report a live team view needs, from each agent's role labels over the same steps.
/// Kept here rather than in the library so the benchmark times exactly the public API the gateway uses.
/// </summary>
internal static class CoordinationReport
{
    /// <summary>One pair's values and their permutation tests: MI, i→j, j→i, synergy, redundancy.</summary>
    public sealed record PairResult(int I, int J, SignificanceResult[] Tests);

    public sealed record Result(
        PairResult[] Pairs,
        IReadOnlyDictionary<string, AgentSpecialization> Specialization,
        SignificanceResult PracticalCriterion,
        double EmergenceCapacity);

    public static Result Compute(
        IReadOnlyDictionary<string, IReadOnlyList<string>> labels, IReadOnlyList<string> names, int permutations, NullModel nullModel, int threads, int seed)
    {
        var agents = new int[names.Count][];
        for (var a = 0; a < agents.Length; a++)
        {
            agents[a] = DiscreteSeries.From(labels[names[a]]).Codes;
        }
        var specialization = Specialization.Measure(labels);

        // Work items: agent i against every later agent (its nulls serve all those pairs), and the group criterion.
        // The criterion goes first and the largest agents next so the last items to start are the short ones.
        var steps = agents[0].Length;
        var busy = new double[steps];
        foreach (var agent in agents)
        {
            for (var t = 0; t < steps; t++)
            {
                busy[t] += agent[t] == 0 ? 1 : 0;
            }
        }
        // The group signal: how many agents are in state 0 at each step, in four quantile bins.
        var signal = Binning.Quantile(busy, 4);
        SignificanceResult? criterion = null;
        var byAgent = new SignificanceResult[agents.Length - 1][][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, agents.Length, options, () => new double[5], (item, _, values) =>
        {
            if (item == 0)
            {
                criterion = Significance.Test((v, _) => GroupMeasures.PracticalCriterion(agents, v), signal, signal, permutations, nullModel, seed - 1);
                return values;
            }
            var i = item - 1;
            byAgent[i] = Significance.TestAgainst(
                (x, y) =>
                {
                    var pair = GroupMeasures.Pair(x, y);
                    values[0] = pair.MutualInformation;
                    values[1] = pair.IToJ;
                    values[2] = pair.JToI;
                    values[3] = pair.Decomposition.Synergy;
                    values[4] = pair.Decomposition.Redundancy;
                    return values;
                },
                agents[i], agents[(i + 1)..], permutations, nullModel, seed + i);
            return values;
        }, _ => { });

        var results = new PairResult[agents.Length * (agents.Length - 1) / 2];
        var p = 0;
        for (var i = 0; i < byAgent.Length; i++)
        {
            for (var k = 0; k < byAgent[i].Length; k++)
            {
                results[p++] = new PairResult(i, i + 1 + k, byAgent[i][k]);
            }
        }

        var synergies = new double[results.Length];
        for (var r = 0; r < results.Length; r++)
        {
            synergies[r] = results[r].Tests[3].Observed;
        }
        Array.Sort(synergies);
        var half = synergies.Length / 2;
        var capacity = synergies.Length % 2 == 1 ? synergies[half] : 0.5 * (synergies[half - 1] + synergies[half]);
        return new Result(results, specialization, criterion!, capacity);
    }
}
