using Commune.Grains.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Monitoring;

/// <summary>
/// Deterministic monitoring: <c>Monitor:*</c> options, checked at start-up so a bad value stops the process with its key named; on a
/// silo also this silo's message tally and the alert webhook sender.
/// </summary>
public static class MonitorServices
{
    /// <summary>Binds and validates <c>Monitor:*</c> (silos and gateways alike).</summary>
    public static IServiceCollection AddCommuneMonitorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(MonitorOptions.SectionName);
        var options = section.Get<MonitorOptions>() ?? new MonitorOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid monitor configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<MonitorOptions>().Bind(section);
        return services;
    }

    /// <summary>What a silo runs for monitoring besides its grains.</summary>
    public static IServiceCollection AddCommuneMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommuneMonitorOptions(configuration);
        services.AddSingleton<MessageTally>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageTally>());
        services.AddSingleton<AlertOutbox>();
        services.AddHttpClient(AlertWebhookSender.ClientName);
        services.AddHostedService<AlertWebhookSender>();
        return services;
    }

    /// <summary>
    /// What a gateway runs: the cached report refreshed from the monitor grain and the <c>Commune.Monitor</c> gauges that read it.
    /// </summary>
    public static IServiceCollection AddCommuneMonitorGauges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommuneMonitorOptions(configuration);
        services.AddSingleton<MonitorReportCache>();
        services.AddSingleton<MonitorMetrics>();

        // Starting the cache creates the gauges with it: nothing else asks for them, the metrics pipeline finds them by meter name.
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<MonitorMetrics>();
            return sp.GetRequiredService<MonitorReportCache>();
        });
        return services;
    }
}
