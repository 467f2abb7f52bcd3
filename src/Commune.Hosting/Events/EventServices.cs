using Commune.Grains.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Events;

/// <summary>
/// Registers the audit trail on a silo: the recorder (<see cref="IAuditTrail"/>, started and flushed with the silo) and the event store
/// for the mode — PostgreSQL's <c>commune_events</c> when clustered, the in-memory <c>IEventLogGrain</c> otherwise. A bad
/// <c>Events:*</c> value stops start-up with its key named.
/// </summary>
public static class EventServices
{
    public static IServiceCollection AddCommuneEvents(this IServiceCollection services, IConfiguration configuration, CommuneDeployment deployment)
    {
        var section = configuration.GetSection(EventOptions.SectionName);
        var options = section.Get<EventOptions>() ?? new EventOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid event configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<EventOptions>().Bind(section);
        if (deployment.Mode == DeploymentMode.Clustered)
        {
            var connectionString = deployment.RequiredConnectionString;
            services.AddSingleton<IEventStore>(_ => new PostgresEventStore(connectionString));
        }
        else
        {
            services.AddSingleton<IEventStore, MemoryEventStore>();
        }

        services.AddSingleton<AuditTrail>();
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AuditTrail>());
        return services;
    }
}
