using Commune.Models;

namespace Commune.Gateway.Endpoints.Models;

/// <summary><c>GET /v1/models</c>, <c>/v1/profiles</c>, <c>/v1/providers</c>: what the silos execute, read from a silo.</summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", GetModelsAsync)
            .WithName("ListModels")
            .WithSummary("Profiles and priced models in the OpenAI list shape; either id works as the model of a chat completion.");
        v1.MapGet("/profiles", GetProfilesAsync)
            .WithName("ListProfiles")
            .WithSummary("Profiles with their chains, step timeouts, tiers and provider-alternation findings.");
        v1.MapGet("/providers", GetProvidersAsync)
            .WithName("ListProviders")
            .WithSummary("Providers with their cluster-wide circuit breaker: state, consecutive failures, open until, history.");
        return v1;
    }

    private static async Task<ModelList> GetModelsAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();
        var created = catalog.ProfilesLoadedAt.ToUnixTimeSeconds();
        var profiles = catalog.Profiles.Select(p => new ModelEntry(
            p.Name, "model", created, "commune", "profile", p.Chain.Count > 0 ? p.Chain[0].Tier : null, p.Chain.Any(s => s.Simulated), null));
        var models = catalog.Models.Select(m => new ModelEntry(
            m.Id, "model", created, m.Provider, "model", m.Tier, catalog.Providers.FirstOrDefault(p => p.Name == m.Provider)?.Simulated ?? false, m));
        return new ModelList("list", profiles.Concat(models).ToArray());
    }

    private static async Task<ProfileList> GetProfilesAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();
        return new ProfileList(catalog.Profiles, catalog.Profiles.SelectMany(p => p.Findings).ToArray(), catalog.ProfilesLoadedAt, catalog.LastReloadError);
    }

    private static async Task<ProviderList> GetProvidersAsync(IGrainFactory grains)
    {
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();

        // Straight from each provider's grain: the page an operator looks at during an incident must not lag.
        var breakers = await Task.WhenAll(catalog.Providers.Select(p => grains.GetGrain<IProviderHealthGrain>(p.Name).GetAsync()));
        return new ProviderList(catalog.Providers.Zip(breakers, (p, b) => p with { Breaker = b }).ToArray());
    }
}
