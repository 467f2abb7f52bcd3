namespace Commune.Models;

/// <summary>A "needs human review" record: work stopped because a ledger ran out, or a task failed its last attempt (<see cref="TaskId"/>).</summary>
[GenerateSerializer, Immutable, Alias("commune.models.Escalation")]
public sealed record Escalation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Ledger,
    [property: Id(2)] string Reason,
    [property: Id(3)] BudgetSnapshot? Budget,
    [property: Id(4)] string? Profile,
    [property: Id(5)] string? RequestId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? TaskId = null);
