using Commune.Models;
using Commune.Providers.Catalog;
using Commune.Providers.Clients;
using Commune.Providers.Profiles;
using Orleans.Concurrency;

namespace Commune.Grains.Models;

/// <summary>Serves the silo's live profiles, price table and provider breakers; a stateless worker, so any silo answers locally.</summary>
[StatelessWorker, Reentrant]
public sealed class ModelCatalogGrain(
    ProfileCatalog profiles,
    ModelPriceTable prices,
    ProviderRegistry providers,
    ProviderHealthCache health) : Grain, IModelCatalogGrain
{
    public Task<CatalogSnapshot> GetAsync()
    {
        var set = profiles.Current;
        var profileViews = set.Profiles.Values
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new ProfileView(
                p.Name,
                p.Source,
                p.Chain.Select(s => new ChainStepView(
                    s.Model.Provider,
                    s.Model.Model,
                    s.Timeout.TotalSeconds,
                    TierName(prices.For(s.Model).Tier),
                    providers.IsSimulated(s.Model.Provider))).ToArray(),
                p.MaxTokens,
                p.Thinking,
                p.BudgetLimit,
                p.AllowSameProvider,
                set.Findings.Where(f => f.Profile == p.Name).ToArray()))
            .ToArray();

        var modelViews = prices.All
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m =>
            {
                ModelRef.TryParse(m.Key, out var model);
                return new ModelView(m.Key, model.Provider, model.Model, TierName(m.Value.Tier), m.Value.InputPerMillion, m.Value.OutputPerMillion, m.Value.ContextWindow,
                    new ModelCapabilities(m.Value.Tools, m.Value.Vision, m.Value.Documents, m.Value.JsonMode, m.Value.JsonSchema, m.Value.Prefill, m.Value.Reasoning));
            })
            .ToArray();

        var providerViews = providers.Providers.Values
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new ProviderView(p.Name, p.Kind, p.BaseUrl?.ToString(), p.Simulated, p.HasApiKey, health.Get(p.Name)))
            .ToArray();

        return Task.FromResult(new CatalogSnapshot(profileViews, modelViews, providerViews, set.LoadedAt, profiles.LastReloadError));
    }

    /// <summary>Tier names as the API shows them: free, fast, standard, premium.</summary>
    public static string TierName(ModelTier tier) => tier.ToString().ToLowerInvariant();
}
