namespace Commune.Models;

/// <summary>
/// A reservation request. <see cref="DefaultTokenLimit"/> (the profile's <c>budgetLimit</c>) applies when the ledger has no token limit of its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.BudgetRequest")]
public sealed record BudgetRequest(
    [property: Id(0)] Guid ReservationId,
    [property: Id(1)] long Tokens,
    [property: Id(2)] decimal CostUsd,
    [property: Id(3)] long? DefaultTokenLimit,
    [property: Id(4)] string? Profile,
    [property: Id(5)] string? RequestId);
