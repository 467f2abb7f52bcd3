namespace Commune.Bench.Tasks;

/// <summary>One task of the benchmark's graph.</summary>
internal sealed record DagTask(string Id, string Priority, IReadOnlyList<string> DependsOn);
