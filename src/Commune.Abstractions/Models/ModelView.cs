namespace Commune.Models;

/// <summary>A model of the catalogue (<c>GET /v1/models</c>): tier, price, context window and capabilities.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelView")]
public sealed record ModelView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Model,
    [property: Id(3)] string Tier,
    [property: Id(4)] decimal InputPerMillionUsd,
    [property: Id(5)] decimal OutputPerMillionUsd,
    [property: Id(6)] int? ContextWindow,
    [property: Id(7)] ModelCapabilities? Capabilities = null);
