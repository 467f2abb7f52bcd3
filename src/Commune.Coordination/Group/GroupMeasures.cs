using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Commune.Coordination;

/// <summary>
/// The group-level tests of Riedl (arXiv:2510.05174), after Rosas et al. (2020): the practical criterion for a group signal and
/// the emergence capacity of a set of agents, plus the fused per-pair measures a live report computes.
/// Agents' series are code series of equal length N ≥ 2, sampled at the same steps.
/// </summary>
public static class GroupMeasures
{
    /// <summary>
    /// S = I(V(t); V(t+1)) − Σ_k I(Xk(t); V(t+1)), plug-in. S &gt; 0 is sufficient for the group signal V to be causally
    /// emergent: V predicts its own future better than all agents do separately (redundancy among agents makes S conservative).
    /// </summary>
    public static double PracticalCriterion(IReadOnlyList<int[]> agents, int[] groupSignal)
    {
        ArgumentNullException.ThrowIfNull(agents);
        SeriesGuard.Alphabet(groupSignal, nameof(groupSignal));
        if (agents.Count == 0)
        {
            throw new ArgumentException("the practical criterion needs at least one agent", nameof(agents));
        }
        if (groupSignal.Length < 2)
        {
            throw new ArgumentException($"the practical criterion needs at least 2 steps (got {groupSignal.Length})", nameof(groupSignal));
        }
        for (var k = 0; k < agents.Count; k++)
        {
            SeriesGuard.Alphabet(agents[k], $"agents[{k}]");
            SeriesGuard.SameLength(groupSignal, nameof(groupSignal), agents[k], $"agents[{k}]");
        }
        var s = InformationMeasures.MutualInformation(groupSignal, groupSignal, Estimator.Plugin, lag: 1);
        for (var k = 0; k < agents.Count; k++)
        {
            s -= InformationMeasures.MutualInformation(agents[k], groupSignal, Estimator.Plugin, lag: 1);
        }
        return s;
    }

    /// <summary>
    /// Emergence capacity: the median over all pairs of agents of the Williams–Beer synergy (I_min) that the pair's present
    /// states (Xi(t), Xj(t)) carry about the pair's joint next state (Xi(t+1), Xj(t+1)) — see <see cref="Pair"/>.
    /// Needs at least two agents.
    /// </summary>
    public static double EmergenceCapacity(IReadOnlyList<int[]> agents, RedundancyMeasure measure = RedundancyMeasure.Imin)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (agents.Count < 2)
        {
            throw new ArgumentException($"emergence capacity needs at least two agents (got {agents.Count})", nameof(agents));
        }
        var synergies = new double[agents.Count * (agents.Count - 1) / 2];
        var p = 0;
        for (var i = 0; i < agents.Count; i++)
        {
            for (var j = i + 1; j < agents.Count; j++)
            {
                synergies[p++] = PairDecomposition(agents[i], agents[j], measure).Synergy;
            }
        }
        Array.Sort(synergies);
        var half = synergies.Length / 2;
        return synergies.Length % 2 == 1 ? synergies[half] : 0.5 * (synergies[half - 1] + synergies[half]);
    }

    /// <summary>PID of (Xi(t), Xj(t)) about the joint next state (Xi(t+1), Xj(t+1)), over the N − 1 transitions.</summary>
    public static PidResult PairDecomposition(int[] xi, int[] xj, RedundancyMeasure measure = RedundancyMeasure.Imin) =>
        Pair(xi, xj, Estimator.Plugin, measure).Decomposition;

    /// <summary>
    /// Mutual information, time-delayed mutual information both ways (lag 1) and the pair PID, from one count of the
    /// (Xi(t), Xj(t), Xi(t+1), Xj(t+1)) table. <paramref name="estimator"/> applies to the mutual informations; the PID is plug-in.
    /// Equal to the separate calls: MI over all N samples, the others over the N − 1 transitions.
    /// </summary>
    public static PairCoordination Pair(int[] xi, int[] xj, Estimator estimator = Estimator.Plugin, RedundancyMeasure measure = RedundancyMeasure.Imin)
    {
        var ki = SeriesGuard.Alphabet(xi, nameof(xi));
        var kj = SeriesGuard.Alphabet(xj, nameof(xj));
        SeriesGuard.SameLength(xi, nameof(xi), xj, nameof(xj));
        if (xi.Length < 2)
        {
            throw new ArgumentException($"pair measures need at least 2 steps (got {xi.Length})", nameof(xi));
        }
        var state = ki * kj;
        var scratch = Scratch.Current;
        var table = scratch.Table(SeriesGuard.Cells(state, state));
        var n = xi.Length - 1;
        // Each step's joint state once (a · kj + b); a transition indexes the table by (state now, state next).
        // Reads go through refs (t < length by construction); the table write keeps its bounds check.
        ref var i0 = ref MemoryMarshal.GetArrayDataReference(xi);
        ref var j0 = ref MemoryMarshal.GetArrayDataReference(xj);
        var previous = (i0 * kj) + j0;
        for (var t = 1; t < xi.Length; t++)
        {
            var current = (Unsafe.Add(ref i0, t) * kj) + Unsafe.Add(ref j0, t);
            table[(previous * state) + current]++;
            previous = current;
        }

        // Three ki × kj-sized marginals: (i now, j now), (i now, j next), (j now, i next), then room for rows and columns.
        var extra = scratch.Extra((3 * state) + (2 * Math.Max(ki, kj)));
        var same = extra[..state];
        var iToJ = extra.Slice(state, state);
        var jToI = extra.Slice(2 * state, state);
        extra[..(3 * state)].Clear();
        var cell = 0;
        for (var a = 0; a < ki; a++)
        {
            for (var b = 0; b < kj; b++)
            {
                for (var c = 0; c < ki; c++)
                {
                    for (var d = 0; d < kj; d++, cell++)
                    {
                        var count = table[cell];
                        if (count == 0)
                        {
                            continue;
                        }
                        same[(a * kj) + b] += count;
                        iToJ[(a * kj) + d] += count;
                        jToI[(b * ki) + c] += count;
                    }
                }
            }
        }
        // The transitions cover t = 0 … N−2; the last step completes the lag-0 table.
        same[(xi[^1] * kj) + xj[^1]]++;

        var rows = extra.Slice(3 * state, Math.Max(ki, kj));
        var columns = extra.Slice((3 * state) + Math.Max(ki, kj), Math.Max(ki, kj));
        var mi = EntropyMath.MutualInformation(same, ki, kj, xi.Length, estimator, rows, columns);
        var forward = EntropyMath.MutualInformation(iToJ, ki, kj, n, estimator, rows, columns);
        var backward = EntropyMath.MutualInformation(jToI, kj, ki, n, estimator, rows, columns);
        var pid = PartialInformation.FromTable(table, ki, kj, state, n, measure, scratch);
        return new PairCoordination(mi, forward, backward, pid);
    }
}
