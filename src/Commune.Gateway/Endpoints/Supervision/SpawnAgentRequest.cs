namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>
/// <c>POST /v1/agents/{id}/spawn</c>: a subagent with <c>profile</c> for one <c>task</c> (or a bare <c>prompt</c>), given
/// <c>budget_share</c> of the parent's remaining budget (ledger <c>session:{parent_session}</c>, the parent's id by default).
/// </summary>
public sealed record SpawnAgentRequest(
    string? Profile,
    SpawnTaskBody? Task,
    string? Prompt,
    double? BudgetShare,
    string? Role,
    IReadOnlyList<string>? Capabilities,
    string? ParentSession);
