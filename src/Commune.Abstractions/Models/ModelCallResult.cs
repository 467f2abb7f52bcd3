namespace Commune.Models;

/// <summary>
/// The outcome of a call: an answer or an error, always with the attempt trail. <see cref="Downgraded"/> says a ledger near its limit
/// made the chain prefer cheaper tiers.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelCallResult")]
public sealed record ModelCallResult(
    [property: Id(0)] string Profile,
    [property: Id(1)] ModelAnswer? Answer,
    [property: Id(2)] ModelCallError? Error,
    [property: Id(3)] IReadOnlyList<ModelAttempt> Attempts,
    [property: Id(4)] bool Downgraded = false);
