namespace Commune.Models;

/// <summary>One step of a profile's chain as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ChainStepView")]
public sealed record ChainStepView(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Model,
    [property: Id(2)] double TimeoutSeconds,
    [property: Id(3)] string Tier,
    [property: Id(4)] bool Simulated);
