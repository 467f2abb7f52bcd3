namespace Commune.Models;

/// <summary>
/// Reads the silo's profile set, price table and provider breakers. A stateless worker, so the gateway (a client in clustered mode)
/// shows what the silos actually execute rather than its own configuration.
/// </summary>
[Alias("commune.models.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Profiles, models and providers with their breakers.</summary>
    Task<CatalogSnapshot> GetAsync();
}
