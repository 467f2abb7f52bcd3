namespace Commune.Bench.Tasks;

/// <summary>
/// A layered DAG: <c>layers</c> layers of equal width; every task past the first layer depends on one or two random tasks of the
/// layer before, so work is released as the previous layer completes. Seeded: the same graph every run.
/// </summary>
internal static class Dag
{
    private static readonly string[] Priorities = ["low", "medium", "high", "critical"];

    public static IReadOnlyList<IReadOnlyList<DagTask>> Layers(string run, int tasks, int layers, int seed)
    {
        var random = new Random(seed);
        var width = Math.Max(1, tasks / layers);
        var result = new List<IReadOnlyList<DagTask>>();
        var made = 0;
        for (var l = 0; l < layers && made < tasks; l++)
        {
            var count = l == layers - 1 ? tasks - made : Math.Min(width, tasks - made);
            var previous = l == 0 ? null : result[^1];
            var layer = new List<DagTask>(count);
            for (var i = 0; i < count; i++)
            {
                var deps = previous is null
                    ? []
                    : Enumerable.Range(0, random.Next(1, 3)).Select(_ => previous[random.Next(previous.Count)].Id).Distinct().ToArray();
                layer.Add(new DagTask($"{run}-{l}-{i}", Priorities[random.Next(Priorities.Length)], deps));
            }

            made += count;
            result.Add(layer);
        }

        return result;
    }
}
