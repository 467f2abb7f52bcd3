namespace Commune.Supervision;

/// <summary>
/// What a managed agent's runner drives: a pool worker takes work from the board until it is ended; a subagent (with
/// <see cref="Parent"/> and <see cref="TaskId"/>) does its one task, reports to its parent and ends itself. <see cref="ChargeTo"/>: a
/// further ledger (the parent's) charged with what the agent's calls actually used, so a subagent's spend counts against its parent.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.RunnerAssignment")]
public sealed record RunnerAssignment(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Role,
    [property: Id(2)] string Profile,
    [property: Id(3)] IReadOnlyList<string> Capabilities,
    [property: Id(4)] string? Parent,
    [property: Id(5)] string? TaskId,
    [property: Id(6)] string? SessionId,
    [property: Id(7)] string? ChargeTo = null)
{
    public bool IsSubagent => Parent is not null && TaskId is not null;
}
