using Commune.Grains.Models;
using Commune.Hosting.Security;
using Commune.Providers.Catalog;
using Commune.Providers.Clients;
using Commune.Providers.Profiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Commune.Hosting.Models;

/// <summary>Registers what a silo needs to execute model calls: providers, profiles, prices, breaker cache and the chain.</summary>
public static class ModelServices
{
    /// <summary>
    /// Adds the model services. Providers, prices and profiles are checked here, so invalid configuration stops the start with a
    /// message naming the profile and field instead of failing the first request.
    /// </summary>
    public static IServiceCollection AddCommuneModels(this IServiceCollection services, IConfiguration configuration)
    {
        var chain = configuration.GetSection(ChainOptions.SectionName).Get<ChainOptions>() ?? new ChainOptions();
        var registry = new ProviderRegistry(configuration, TimeProvider.System);
        var prices = new ModelPriceTable(configuration);
        ProfileCatalog.Validate(configuration, registry, chain);

        services.AddOptions<ChainOptions>().Bind(configuration.GetSection(ChainOptions.SectionName));
        services.AddOptions<BreakerSettings>().Bind(configuration.GetSection(BreakerSettings.SectionName));
        services.AddSingleton(registry);
        services.AddCommuneSecretRedactor(configuration, registry);
        services.AddSingleton(prices);
        services.AddSingleton<ProfileCatalog>();
        services.AddSingleton<StepPipeline>();
        services.AddSingleton<ChainExecutor>();
        services.AddSingleton<ProviderHealthCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ProviderHealthCache>());
        services.AddHostedService<ModelStartupReport>();
        return services;
    }
}
