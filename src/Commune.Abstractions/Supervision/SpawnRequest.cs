namespace Commune.Supervision;

/// <summary>
/// <c>POST /v1/agents/{id}/spawn</c>: a subagent with <see cref="Profile"/> for one delegable task (title, description and JSON input).
/// <see cref="BudgetShare"/> of the parent's remaining budget (ledger <c>session:{ParentSession}</c>, the parent's id by default)
/// becomes the subagent's session budget.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.SpawnRequest")]
public sealed record SpawnRequest(
    [property: Id(0)] string Profile,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] string? Input,
    [property: Id(4)] double BudgetShare,
    [property: Id(5)] string Role,
    [property: Id(6)] IReadOnlyList<string> Capabilities,
    [property: Id(7)] string? ParentSession);
