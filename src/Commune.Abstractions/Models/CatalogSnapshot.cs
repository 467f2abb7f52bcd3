namespace Commune.Models;

/// <summary>What the silos serve: profiles (with findings), models and providers, read together so they agree.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.CatalogSnapshot")]
public sealed record CatalogSnapshot(
    [property: Id(0)] IReadOnlyList<ProfileView> Profiles,
    [property: Id(1)] IReadOnlyList<ModelView> Models,
    [property: Id(2)] IReadOnlyList<ProviderView> Providers,
    [property: Id(3)] DateTimeOffset ProfilesLoadedAt,
    [property: Id(4)] string? LastReloadError);
