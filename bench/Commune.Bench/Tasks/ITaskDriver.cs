namespace Commune.Bench.Tasks;

/// <summary>The task operations the drain needs, over HTTP or straight to the grains.</summary>
internal interface ITaskDriver : IAsyncDisposable
{
    string Name { get; }

    Task CreateAsync(IReadOnlyList<DagTask> batch);

    /// <summary>The id of a ready task offered to the agent, or null when none is ready.</summary>
    Task<string?> NextAsync(string agentId);

    /// <summary>The claim's epoch when won, null when another agent has it (409).</summary>
    Task<long?> ClaimAsync(string taskId, string agentId);

    /// <summary>True when the completion was accepted.</summary>
    Task<bool> CompleteAsync(string taskId, string agentId, long epoch);

    Task<int> CountCompletedAsync();
}
