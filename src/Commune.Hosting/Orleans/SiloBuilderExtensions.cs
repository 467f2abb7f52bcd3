using System.Net;
using Commune.Grains;
using Commune.Grains.Messages;
using Commune.Hosting.Agents;
using Commune.Hosting.Analytics;
using Commune.Hosting.Database;
using Commune.Hosting.Events;
using Commune.Hosting.GitHub;
using Commune.Hosting.Models;
using Commune.Hosting.Monitoring;
using Commune.Hosting.Sessions;
using Commune.Hosting.Supervision;
using Commune.Hosting.Storage;
using Commune.Hosting.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Commune.Hosting.Orleans;

/// <summary>The one place a Commune silo is configured, for the embedded gateway and the standalone silo alike.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Configures clustering, grain storage, reminders and the dashboard for the deployment mode.
    /// Embedded: localhost clustering, in-memory storage and reminders. Clustered: PostgreSQL through ADO.NET.
    /// </summary>
    public static ISiloBuilder AddCommuneSilo(this ISiloBuilder silo, IConfiguration configuration, CommuneDeployment deployment)
    {
        var cluster = ClusterOptionsReader.Read(configuration);
        silo.Services.AddSingleton(cluster);
        silo.Services.AddSingleton(deployment);
        // Silos that join a cluster whose every silo died (a full restart on new addresses) wait for the dead entries to miss their
        // I-am-alive updates before they may evict them: 3 × 30 s by Orleans' default, which kept a restarted cluster down ~2 minutes.
        // One row update per silo every 5 s costs nothing; configuration below still has the last word.
        silo.Services.Configure<ClusterMembershipOptions>(o => o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5));
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{CommuneClusterOptions.SectionName}:Membership"));

        if (deployment.Mode == DeploymentMode.Embedded)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            ConfigureEndpoints(silo, cluster);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant.Name;
                o.ConnectionString = deployment.RequiredConnectionString;
            });
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ConnectionLimitCheck>();
        }

        return silo.AddCommuneGrainServices(deployment);
    }

    /// <summary>
    /// Everything a silo needs except clustering: grain storage, reminders, the storage serializer, the audit trail and the dashboard.
    /// Test clusters that bring their own membership use this directly.
    /// </summary>
    public static ISiloBuilder AddCommuneGrainServices(this ISiloBuilder silo, CommuneDeployment deployment)
    {
        // Grain state is JSON in storage: readable in the database, tolerant of added members.
        silo.UseSystemTextJsonGrainStorageSerializer();
        if (deployment.Mode == DeploymentMode.Embedded)
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
        }
        else
        {
            var connectionString = deployment.RequiredConnectionString;
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = PostgresInvariant.Name;
                o.ConnectionString = connectionString;

                // Clearing a grain's state deletes its row (expired sessions must leave nothing behind), as memory storage does.
                o.DeleteStateOnClear = true;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant.Name;
                o.ConnectionString = connectionString;
            });
        }

        // Orleans' ReminderOptions, e.g. MinimumReminderPeriod (1 minute by default; tests with second-long session ttls lower it). Not
        // under "Orleans": Orleans reads Orleans:Reminders itself, as the reminder provider's configuration.
        silo.Services.Configure<ReminderOptions>(silo.Configuration.GetSection("Reminders"));
        silo.Services.AddCommuneModels(silo.Configuration);
        silo.Services.AddCommuneTasks(silo.Configuration);
        silo.AddCommuneAgents(deployment);

        // A failed write must not leave an activation serving what was never stored, and no provider exception may reach a gateway.
        silo.Services.TranslateStorageFaults(StorageNames.Default);
        silo.Services.TranslateStorageFaults(TopicStreams.PubSubStore);
        silo.AddIncomingGrainCallFilter<StorageFaultCallFilter>();
        silo.Services.AddCommuneEvents(silo.Configuration, deployment);
        silo.Services.AddCommuneMonitoring(silo.Configuration);
        silo.Services.AddCommuneCoordination(silo.Configuration);
        silo.AddCommuneSupervision();
        silo.AddCommuneSessions();
        silo.Services.AddCommuneReviews(silo.Configuration);
        silo.AddCommuneGitHub();
        silo.Services.AddOptions<TopicOptions>()
            .Bind(silo.Configuration.GetSection(TopicOptions.SectionName))
            .Validate(o => o.TopicRetention >= 1, $"{TopicOptions.SectionName}:TopicRetention must be at least 1 (messages a topic keeps).")
            .ValidateOnStart();
        silo.AddActivityPropagation();
        silo.AddDashboard();
        return silo;
    }

    private static void ConfigureEndpoints(ISiloBuilder silo, CommuneClusterOptions cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyHostAddress);
        }
        else if (IPAddress.TryParse(cluster.AdvertisedAddress, out var address))
        {
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyHostAddress);
        }
        else
        {
            silo.ConfigureEndpoints(Resolve(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyHostAddress);
        }
    }

    private static IPAddress Resolve(string hostName)
    {
        try
        {
            return Dns.GetHostAddresses(hostName).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new InvalidOperationException($"Orleans:AdvertisedAddress '{hostName}' has no IPv4 address.");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidOperationException($"Orleans:AdvertisedAddress '{hostName}' does not resolve: {ex.Message}", ex);
        }
    }
}
