namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>A spawned subagent: its id, its ephemeral session and that session's limits (null: none), its task, its parent.</summary>
public sealed record SpawnResponse(
    string SubagentId,
    string SessionId,
    string TaskId,
    string Parent,
    long? TokenLimit,
    decimal? CostLimitUsd);
