namespace Commune.Models;

/// <summary>Why a call produced no answer. <see cref="Code"/> is one of <see cref="ModelCallErrorCode"/>.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelCallError")]
public sealed record ModelCallError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] BudgetSnapshot? Budget = null,
    [property: Id(3)] string? EscalationId = null);
