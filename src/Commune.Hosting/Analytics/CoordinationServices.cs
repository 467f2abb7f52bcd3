using Commune.Grains.Analytics;
using Commune.Grains.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Analytics;

/// <summary>
/// Live coordination measurement on a silo: <c>Coordination:*</c> options, checked at start-up so a bad value stops the silo with its
/// key named, and the audit listener that feeds agents' actions to their teams.
/// </summary>
public static class CoordinationServices
{
    public static IServiceCollection AddCommuneCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(CoordinationOptions.SectionName);
        var options = section.Get<CoordinationOptions>() ?? new CoordinationOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid coordination configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<CoordinationOptions>().Bind(section);
        services.AddSingleton<IAuditListener, CoordinationFeed>();
        return services;
    }
}
