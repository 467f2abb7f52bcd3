using Commune.Grains.Supervision;
using Commune.Supervision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Supervision;

/// <summary>
/// The supervisor: <c>Supervisor:*</c> options, checked at start-up so a bad value stops the silo with its key named, and a start-up
/// task that wakes the supervisor on every silo (in-memory reminders do not survive a restart; the call is idempotent).
/// </summary>
public static class SupervisionServices
{
    public static ISiloBuilder AddCommuneSupervision(this ISiloBuilder silo)
    {
        var section = silo.Configuration.GetSection(SupervisorOptions.SectionName);
        var options = section.Get<SupervisorOptions>() ?? new SupervisorOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid supervisor configuration: " + string.Join(" ", problems));
        }

        silo.Services.AddOptions<SupervisorOptions>().Bind(section);
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisorGrain>(ISupervisorGrain.Key).StartAsync());
        return silo;
    }
}
