namespace Commune.Models;

/// <summary>
/// A provider-alternation finding. <see cref="Kind"/> is <c>same_provider</c> (step <see cref="Step"/> stays on the provider of the step
/// before) or <c>single_provider</c> (the whole chain is one provider: a single point of failure).
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.AlternationFinding")]
public sealed record AlternationFinding(
    [property: Id(0)] string Profile,
    [property: Id(1)] string Kind,
    [property: Id(2)] int Step,
    [property: Id(3)] string Provider,
    [property: Id(4)] bool Intentional,
    [property: Id(5)] string Message);
