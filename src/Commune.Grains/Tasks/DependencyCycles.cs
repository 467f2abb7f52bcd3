namespace Commune.Grains.Tasks;

/// <summary>Finds a cycle in a "waits for" graph and orders an acyclic one so every task comes after what it waits for.</summary>
public static class DependencyCycles
{
    /// <summary>A cycle as a path that returns to its start (A, B, C, A), or null when there is none.</summary>
    public static IReadOnlyList<string>? Find(IReadOnlyDictionary<string, IReadOnlyList<string>> waitsFor)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        foreach (var start in waitsFor.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        // Iterative depth-first search: a 10 000-task chain must not overflow the stack.
        IReadOnlyList<string>? Visit(string start)
        {
            if (state.ContainsKey(start))
            {
                return null;
            }

            var stack = new Stack<(string Node, IEnumerator<string> Next)>();
            Enter(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (!next.MoveNext())
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    stack.Pop();
                    continue;
                }

                var target = next.Current;
                if (!waitsFor.ContainsKey(target))
                {
                    continue;
                }

                if (!state.TryGetValue(target, out var mark))
                {
                    Enter(target);
                }
                else if (mark == 1)
                {
                    var from = path.IndexOf(target);
                    return [.. path.Skip(from), target];
                }
            }

            return null;

            void Enter(string node)
            {
                state[node] = 1;
                path.Add(node);
                stack.Push((node, waitsFor[node].GetEnumerator()));
            }
        }
    }

    /// <summary>Groups an acyclic graph into levels: level 0 waits for nothing in the graph, level n only for lower levels.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Levels(IReadOnlyDictionary<string, IReadOnlyList<string>> waitsFor)
    {
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var waiters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (node, targets) in waitsFor)
        {
            var inGraph = targets.Where(waitsFor.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            remaining[node] = inGraph.Count;
            foreach (var target in inGraph)
            {
                (waiters.TryGetValue(target, out var list) ? list : waiters[target] = []).Add(node);
            }
        }

        var queue = new Queue<string>(remaining.Where(p => p.Value == 0).Select(p => p.Key));
        foreach (var node in queue)
        {
            level[node] = 0;
        }

        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var waiter in waiters.GetValueOrDefault(node) ?? [])
            {
                level[waiter] = Math.Max(level.GetValueOrDefault(waiter), level[node] + 1);
                if (--remaining[waiter] == 0)
                {
                    queue.Enqueue(waiter);
                }
            }
        }

        return level.GroupBy(p => p.Value).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)g.Select(p => p.Key).ToList()).ToList();
    }
}
