using Commune.Agents;

namespace Commune.Supervision;

/// <summary>A spawned subagent: its id, the session its calls are charged to and that session's limits (null: none), and its task.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.SpawnReply")]
public sealed record SpawnReply(
    [property: Id(0)] string? SubagentId,
    [property: Id(1)] string? SessionId,
    [property: Id(2)] string? TaskId,
    [property: Id(3)] long? TokenLimit,
    [property: Id(4)] decimal? CostLimitUsd,
    [property: Id(5)] AgentError? Error)
{
    public static SpawnReply Refused(AgentErrorCode code, string message, params IReadOnlyList<string> details) =>
        new(null, null, null, null, null, AgentError.Of(code, message, details));
}
