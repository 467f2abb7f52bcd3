namespace Commune.Models;

/// <summary>Answer to a reservation: granted or refused (fail closed), and whether the ledger is near its limit.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.BudgetReservation")]
public sealed record BudgetReservation(
    [property: Id(0)] bool Granted,
    [property: Id(1)] bool NearLimit,
    [property: Id(2)] BudgetSnapshot Budget,
    [property: Id(3)] string? Reason);
