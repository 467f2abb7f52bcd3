namespace Commune.Models;

/// <summary>A configured provider and its breaker (<c>GET /v1/providers</c>). Never carries the key itself.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ProviderView")]
public sealed record ProviderView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? BaseUrl,
    [property: Id(3)] bool Simulated,
    [property: Id(4)] bool HasApiKey,
    [property: Id(5)] BreakerSnapshot Breaker);
