namespace Commune.Models;

/// <summary>What a model can take beyond text, as the catalogue says (<c>GET /v1/models</c>); unset entries are assumed capable.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelCapabilities")]
public sealed record ModelCapabilities(
    [property: Id(0)] bool Tools,
    [property: Id(1)] bool Vision,
    [property: Id(2)] bool Documents,
    [property: Id(3)] bool JsonMode,
    [property: Id(4)] bool JsonSchema,
    [property: Id(5)] bool Prefill,
    [property: Id(6)] bool Reasoning);
