using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Commune.Hosting.Storage;

/// <summary>Wraps named grain storage providers after Orleans registered them.</summary>
public static class GrainStorageDecoration
{
    /// <summary>Wraps the provider registered as <paramref name="name"/> with <paramref name="decorate"/>.</summary>
    public static IServiceCollection DecorateGrainStorage(
        this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage, IGrainStorage> decorate)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered to decorate.");
        var factory = descriptor.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory.");
        services.Remove(descriptor);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => decorate(sp, (IGrainStorage)factory(sp, key)));
        return services;
    }

    /// <summary>Puts <see cref="FaultTranslatingGrainStorage"/> around the provider named <paramref name="name"/>.</summary>
    public static IServiceCollection TranslateStorageFaults(this IServiceCollection services, string name) =>
        services.DecorateGrainStorage(name, (sp, inner) => new FaultTranslatingGrainStorage(
            name, inner, sp.GetRequiredService<IGrainContextAccessor>(), sp.GetRequiredService<ILogger<FaultTranslatingGrainStorage>>()));
}
