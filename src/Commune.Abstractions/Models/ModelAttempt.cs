namespace Commune.Models;

/// <summary>One step of the attempt trail: which model was tried, how it ended and how long it took.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelAttempt")]
public sealed record ModelAttempt(
    [property: Id(0)] int Step,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Model,
    [property: Id(3)] string Outcome,
    [property: Id(4)] int? Status,
    [property: Id(5)] double LatencyMs,
    [property: Id(6)] string? Detail = null,
    [property: Id(7)] int Tries = 1);
