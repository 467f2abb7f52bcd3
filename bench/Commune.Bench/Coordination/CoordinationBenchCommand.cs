using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Commune.Coordination;

namespace Commune.Bench.Coordination;

/// <summary>
/// Times the full coordination report (docs/benchmarks.md): synthetic agents where agent k copies agent k−1's previous state
/// with some probability (a leader-follower chain), otherwise keeps a preferred role or picks at random, so the report has
/// real structure to find. One warm-up run, then the median of the runs.
/// </summary>
internal static class CoordinationBenchCommand
{
    public static int Run(CoordinationBenchOptions options)
    {
        var (labels, names) = Synthesise(options);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coordination: {options.Agents} agents × {options.Steps} steps, {options.States} states, {options.Permutations} permutations ({options.Null}), {Environment.ProcessorCount} cores"));

        var warm = Stopwatch.StartNew();
        var report = CoordinationReport.Compute(labels, names, options.Permutations, options.Null, options.Threads, options.Seed);
        var warmMs = warm.Elapsed.TotalMilliseconds;

        var times = new double[options.Runs];
        var allocations = new long[options.Runs];
        var cpu = new double[options.Runs];
        for (var r = 0; r < options.Runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var again = CoordinationReport.Compute(labels, names, options.Permutations, options.Null, options.Threads, options.Seed);
            times[r] = watch.Elapsed.TotalMilliseconds;
            cpu[r] = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            allocations[r] = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (again.PracticalCriterion != report.PracticalCriterion || again.Pairs[^1].Tests[3] != report.Pairs[^1].Tests[3])
            {
                Console.Error.WriteLine("coordination: a seeded run gave a different report");
                return 1;
            }
        }

        var pairs = report.Pairs;
        var leaders = pairs.Count(p => p.Tests[1].PValue < 0.05 || p.Tests[2].PValue < 0.05);
        var synergistic = pairs.Count(p => p.Tests[3].PValue < 0.05);
        var summary = new
        {
            command = "coordination",
            agents = options.Agents,
            steps = options.Steps,
            states = options.States,
            pairs = pairs.Length,
            permutations = options.Permutations,
            @null = options.Null.ToString().ToLowerInvariant(),
            threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
            runs = options.Runs,
            warmup_ms = Math.Round(warmMs, 1),
            median_ms = Math.Round(Median(times), 1),
            min_ms = Math.Round(times.Min(), 1),
            max_ms = Math.Round(times.Max(), 1),
            // CPU time of the whole process per report (all threads): what the report costs when the cores are not shared.
            median_cpu_ms = Math.Round(Median(cpu), 1),
            median_allocated_mb = Math.Round(Median(allocations.Select(a => a / 1048576.0).ToArray()), 2),
            measure_evaluations = (long)pairs.Length * (options.Permutations + 1),
            pairs_with_significant_lead = leaders,
            pairs_with_significant_synergy = synergistic,
            mean_mutual_information = Math.Round(pairs.Average(p => p.Tests[0].Observed), 4),
            emergence_capacity = Math.Round(report.EmergenceCapacity, 4),
            practical_criterion = Math.Round(report.PracticalCriterion.Observed, 4),
            practical_criterion_p = report.PracticalCriterion.PValue,
            specialized_agents = report.Specialization.Values.Count(s => s.Specialized),
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median {summary.median_ms} ms (min {summary.min_ms}, max {summary.max_ms}), {summary.median_allocated_mb} MB allocated per report"));
        Console.WriteLine(JsonSerializer.Serialize(summary));
        return 0;
    }

    private static (Dictionary<string, IReadOnlyList<string>> Labels, string[] Names) Synthesise(CoordinationBenchOptions options)
    {
        var random = new Random(options.Seed);
        var roles = Enumerable.Range(0, options.States).Select(s => $"role-{s}").ToArray();
        var states = new int[options.Agents][];
        for (var a = 0; a < options.Agents; a++)
        {
            states[a] = new int[options.Steps];
        }
        for (var t = 0; t < options.Steps; t++)
        {
            for (var a = 0; a < options.Agents; a++)
            {
                var draw = random.NextDouble();
                states[a][t] = a > 0 && t > 0 && draw < 0.3 ? states[a - 1][t - 1]   // follows the previous agent
                    : draw < 0.3 + (0.05 * (a % 10)) ? a % options.States             // its preferred role (a niche for later agents)
                    : random.Next(options.States);
            }
        }
        var names = Enumerable.Range(0, options.Agents).Select(a => $"agent-{a}").ToArray();
        var labels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var a = 0; a < options.Agents; a++)
        {
            labels[names[a]] = states[a].Select(s => roles[s]).ToArray();
        }
        return (labels, names);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : 0.5 * (sorted[half - 1] + sorted[half]);
    }
}
