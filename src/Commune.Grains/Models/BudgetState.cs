namespace Commune.Grains.Models;

/// <summary>A ledger's durable part. Reservations are not stored: a silo loss drops them, which only frees room.</summary>
[GenerateSerializer, Alias("commune.models.BudgetState")]
public sealed class BudgetState
{
    [Id(0)] public long? TokenLimit { get; set; }

    [Id(1)] public decimal? CostLimitUsd { get; set; }

    [Id(2)] public long TokensSpent { get; set; }

    [Id(3)] public decimal CostSpentUsd { get; set; }

    [Id(4)] public long Calls { get; set; }

    [Id(5)] public bool Exceeded { get; set; }

    [Id(6)] public string? EscalationId { get; set; }

    [Id(7)] public DateTimeOffset? UpdatedAt { get; set; }

    [Id(8)] public long? DefaultTokenLimit { get; set; }
}
