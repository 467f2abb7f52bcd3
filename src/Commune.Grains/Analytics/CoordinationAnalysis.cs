using Commune.Analytics;
using Commune.Coordination;

namespace Commune.Grains.Analytics;

/// <summary>
/// Computes a team's report from its recorded steps — a pure function, so the grain only gathers state and tests can read it top down.
/// <list type="bullet">
/// <item>An agent's state in a step is its most frequent action (<c>idle</c> when it did nothing); the window's missing steps are idle.</item>
/// <item>The team's outcome in a step is <c>success</c> (more successes than failures), <c>failure</c>, or <c>none</c>.</item>
/// <item>Per pair: MI of the states, time-delayed MI both ways (lag one step), and the Williams–Beer PID (I_min) of what the two
/// states at t tell about the team outcome at t+1. Each is tested against the same circular-shift nulls of the first agent's series
/// (which keep its own dynamics) with a seeded permutation stream.</item>
/// <item>Group: the practical criterion for the team's activity level (actions per step, quantile-binned) against shuffled nulls,
/// and emergence capacity (median pairwise synergy about the pair's next joint state).</item>
/// </list>
/// </summary>
public static class CoordinationAnalysis
{
    public const string Idle = "idle";

    public static CoordinationReport Build(
        string team, IReadOnlyList<string> members, IReadOnlyList<TeamStep> steps, int window, int permutations, int seed,
        CoordinationOptions options, DateTimeOffset now)
    {
        var last = steps.Count > 0 ? steps[^1].Number : 0;
        var first = last - window + 1;
        var inWindow = new TeamStep?[window];
        foreach (var step in steps)
        {
            if (step.Number >= first && step.Number <= last)
            {
                inWindow[step.Number - first] = step;
            }
        }

        var agents = MostActive(inWindow, options.MaxAgents);
        var codes = agents.Select(agent => DiscreteSeries.From(inWindow.Select(s => s?.Agents.GetValueOrDefault(agent)?.State() ?? Idle).ToArray()).Codes).ToArray();
        var outcome = DiscreteSeries.From(inWindow.Select(s => OutcomeOf(s?.Successes ?? 0, s?.Failures ?? 0)).ToArray()).Codes;
        var successes = inWindow.Sum(s => s?.Successes ?? 0);
        var failures = inWindow.Sum(s => s?.Failures ?? 0);
        double? performance = successes + failures > 0 ? (double)successes / (successes + failures) : null;

        var pairs = new List<CoordinationPair>();
        for (var i = 0; i < agents.Count; i++)
        {
            for (var j = i + 1; j < agents.Count; j++)
            {
                pairs.Add(Pair(agents[i], agents[j], codes[i], codes[j], outcome, permutations, seed + (pairs.Count * 7919)));
            }
        }

        var leaders = pairs
            .Select(p => p.Leader is null ? null
                : p.Leader == p.A ? (p.AToB.PValue < options.Alpha ? new CoordinationLead(p.A, p.B, p.AToB.Value, p.AToB.PValue) : null)
                : p.BToA.PValue < options.Alpha ? new CoordinationLead(p.B, p.A, p.BToA.Value, p.BToA.PValue) : null)
            .OfType<CoordinationLead>()
            .OrderByDescending(l => l.Tdmi)
            .ToList();

        CoordinationMeasure? criterion = null;
        double? capacity = null;
        if (agents.Count > 0)
        {
            var activity = Binning.Quantile(inWindow.Select(s => (double)(s?.Agents.Values.Sum(a => a.Actions.Values.Sum()) ?? 0)).ToArray(), options.Bins);
            var test = Significance.Test((v, _) => GroupMeasures.PracticalCriterion(codes, v), activity, activity, permutations, NullModel.Shuffle, seed);
            criterion = Measure(test);
        }

        if (agents.Count > 1)
        {
            capacity = Capacity(codes);
        }

        double? synergy = pairs.Count > 0 ? pairs.Average(p => p.Synergy.Value) : null;
        double? redundancy = pairs.Count > 0 ? pairs.Average(p => p.Redundancy.Value) : null;
        double? information = pairs.Count > 0 ? pairs.Average(p => p.MutualInformation.Value) : null;
        var summary = new CoordinationPoint(now, last, agents.Count, synergy, redundancy, information, criterion?.Value, capacity, performance);

        return new CoordinationReport(
            team, now, window, first, last, options.Step.TotalSeconds, permutations, members, agents, summary, successes, failures,
            pairs, leaders, Roles(agents, inWindow, options.SpecializationThreshold), criterion,
            Advise(summary, pairs, options), BestPairs(agents, codes, inWindow), [], false, []);
    }

    /// <summary><c>success</c> when successes outnumber failures, <c>failure</c> when failures are at least as many, else <c>none</c>.</summary>
    public static string OutcomeOf(int successes, int failures) =>
        failures > 0 && failures >= successes ? CoordinationOutcomes.Failure
        : successes > 0 ? CoordinationOutcomes.Success
        : CoordinationOutcomes.None;

    /// <summary>Agents with at least one action in the window, most active first (ties by name), at most <paramref name="max"/>, sorted by name.</summary>
    private static List<string> MostActive(TeamStep?[] window, int max) =>
        window.OfType<TeamStep>()
            .SelectMany(s => s.Agents.Select(a => (Agent: a.Key, Count: a.Value.Actions.Values.Sum())))
            .GroupBy(a => a.Agent, StringComparer.Ordinal)
            .Select(g => (Agent: g.Key, Count: g.Sum(a => a.Count)))
            .OrderByDescending(a => a.Count).ThenBy(a => a.Agent, StringComparer.Ordinal)
            .Take(max)
            .Select(a => a.Agent)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static CoordinationPair Pair(string a, string b, int[] x, int[] y, int[] outcome, int permutations, int seed)
    {
        var n = x.Length;
        var yNow = y[..(n - 1)];
        var next = outcome[1..];
        var xNow = new int[n - 1];
        var values = new double[5];
        double[] Measures(int[] p, int[] q)
        {
            values[0] = InformationMeasures.MutualInformation(p, q);
            values[1] = InformationMeasures.MutualInformation(p, q, Estimator.Plugin, lag: 1);
            values[2] = InformationMeasures.MutualInformation(q, p, Estimator.Plugin, lag: 1);
            Array.Copy(p, xNow, n - 1);
            var pid = PartialInformation.Decompose(xNow, yNow, next);
            values[3] = pid.Synergy;
            values[4] = pid.Redundancy;
            return values;
        }

        var tests = Significance.TestAll(Measures, x, y, permutations, NullModel.Shift, seed);
        var observed = PartialInformation.Decompose(x[..(n - 1)], yNow, next);
        var leader = DirectedInformation.LeaderOf(tests[1].Observed, tests[2].Observed, DirectedInformation.DefaultTolerance);
        return new CoordinationPair(
            a, b, Measure(tests[0]), Measure(tests[1]), Measure(tests[2]),
            leader == "x" ? a : leader == "y" ? b : null,
            Measure(tests[3]), Measure(tests[4]), Finite(observed.Unique1), Finite(observed.Unique2), Finite(observed.MutualInformation));
    }

    private static List<CoordinationRole> Roles(IReadOnlyList<string> agents, TeamStep?[] window, double threshold)
    {
        var labels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            labels[agent] = window.OfType<TeamStep>()
                .Select(s => s.Agents.GetValueOrDefault(agent))
                .OfType<AgentStep>()
                .SelectMany(s => s.Roles.SelectMany(r => Enumerable.Repeat(r.Key, r.Value)))
                .ToList();
        }

        var measured = Specialization.Measure(labels.Where(l => l.Value.Count > 0).ToDictionary(StringComparer.Ordinal), threshold);
        return [.. agents.Select(agent => measured.TryGetValue(agent, out var m)
            ? new CoordinationRole(agent, m.Dominant, m.Share, m.Specialized, labels[agent].Count)
            : new CoordinationRole(agent, null, 0, false, 0))];
    }

    /// <summary>
    /// The seeds' rules: low synergy with low performance → add a specialist; high redundancy with synergy below it → remove the agent
    /// most redundant with the others; high synergy with good performance → keep the team as it is.
    /// </summary>
    private static List<CoordinationAdvice> Advise(CoordinationPoint summary, IReadOnlyList<CoordinationPair> pairs, CoordinationOptions o)
    {
        var advice = new List<CoordinationAdvice>();
        if (summary.Synergy is not { } synergy)
        {
            return advice;
        }

        var lowPerformance = summary.Performance is { } p && p < o.PerformanceAlertBelow;
        if (synergy < o.SynergyAlertBelow && lowPerformance)
        {
            advice.Add(new CoordinationAdvice(
                "add_specialist",
                $"Synergy is low ({synergy:0.###} bits) and so is performance ({summary.Performance:P0}): the agents add little to each other. Add a specialist agent with a different role or model.",
                []));
        }

        if (summary.Redundancy is { } redundancy && redundancy >= o.RedundancyAdviceAbove && synergy < redundancy)
        {
            var most = pairs
                .SelectMany(pair => new[] { (Agent: pair.A, pair.Redundancy.Value), (Agent: pair.B, pair.Redundancy.Value) })
                .GroupBy(x => x.Agent, StringComparer.Ordinal)
                .Select(g => (Agent: g.Key, Total: g.Sum(x => x.Value)))
                .OrderByDescending(x => x.Total).ThenBy(x => x.Agent, StringComparer.Ordinal)
                .First();
            advice.Add(new CoordinationAdvice(
                "remove_agent",
                $"The agents mostly duplicate each other (redundancy {redundancy:0.###} bits, synergy {synergy:0.###}): remove an agent, most redundant first: {most.Agent}. It saves cost without losing performance.",
                [most.Agent]));
        }

        if (advice.Count == 0 && synergy >= o.SynergyAlertBelow && summary.Performance is { } good && good >= o.PerformanceAlertBelow)
        {
            advice.Add(new CoordinationAdvice("keep", "Synergy and performance are both good: keep the team as it is.", []));
        }

        return advice;
    }

    /// <summary>Per task type with outcomes in the window: the pair whose states carry the most synergy about that type's next outcome.</summary>
    private static List<CoordinationBestPair> BestPairs(IReadOnlyList<string> agents, int[][] codes, TeamStep?[] window)
    {
        var best = new List<CoordinationBestPair>();
        if (agents.Count < 2)
        {
            return best;
        }

        var types = window.OfType<TeamStep>().SelectMany(s => s.TypeSuccesses.Keys.Concat(s.TypeFailures.Keys))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(20);
        var n = window.Length;
        foreach (var type in types)
        {
            var next = DiscreteSeries.From(window.Skip(1)
                .Select(s => OutcomeOf(s?.TypeSuccesses.GetValueOrDefault(type) ?? 0, s?.TypeFailures.GetValueOrDefault(type) ?? 0)).ToArray()).Codes;
            CoordinationBestPair? top = null;
            for (var i = 0; i < agents.Count; i++)
            {
                for (var j = i + 1; j < agents.Count; j++)
                {
                    var synergy = Finite(PartialInformation.Decompose(codes[i][..(n - 1)], codes[j][..(n - 1)], next).Synergy);
                    if (top is null || synergy > top.Synergy)
                    {
                        top = new CoordinationBestPair(type, agents[i], agents[j], synergy);
                    }
                }
            }

            best.Add(top!);
        }

        return best;
    }

    /// <summary>
    /// Emergence capacity, or null when a pair's (state now, state next) table would exceed the measures' cell limit: it grows with
    /// the fourth power of the agents' distinct actions (about 45 each already exceeds it), while the pairwise measures still fit.
    /// </summary>
    private static double? Capacity(int[][] codes)
    {
        try
        {
            return Finite(GroupMeasures.EmergenceCapacity(codes));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static CoordinationMeasure Measure(SignificanceResult test) => new(Finite(test.Observed), Finite(test.PValue), Finite(test.Corrected));

    /// <summary>JSON has no NaN: a degenerate estimate is reported as 0.</summary>
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
