using Commune.Grains;
using Commune.Grains.Agents;
using Commune.Grains.Messages;
using Commune.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Agents;

/// <summary>
/// Agents and messages: <c>Fleet:*</c> and <c>Messages:*</c> options, checked at start-up so a bad value stops the silo with its key
/// named, and the memory stream provider behind topic subscriptions (its subscriptions kept in the deployment's grain storage).
/// </summary>
public static class AgentServices
{
    public static ISiloBuilder AddCommuneAgents(this ISiloBuilder silo, CommuneDeployment deployment)
    {
        var configuration = silo.Configuration;
        var fleetSection = configuration.GetSection(FleetOptions.SectionName);
        var fleet = fleetSection.Get<FleetOptions>() ?? new FleetOptions();
        var messageSection = configuration.GetSection(MessageOptions.SectionName);
        var messages = messageSection.Get<MessageOptions>() ?? new MessageOptions();
        var problems = Problems(fleet, messages).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid agent configuration: " + string.Join(" ", problems));
        }

        silo.Services.AddOptions<FleetOptions>().Bind(fleetSection);
        silo.Services.AddOptions<MessageOptions>().Bind(messageSection);

        silo.AddMemoryStreams(TopicStreams.Provider);
        if (deployment.Mode == DeploymentMode.Embedded)
        {
            silo.AddMemoryGrainStorage(TopicStreams.PubSubStore);
        }
        else
        {
            silo.AddAdoNetGrainStorage(TopicStreams.PubSubStore, o =>
            {
                o.Invariant = PostgresInvariant.Name;
                o.ConnectionString = deployment.RequiredConnectionString;
            });
        }

        return silo;
    }

    private static IEnumerable<string> Problems(FleetOptions fleet, MessageOptions messages)
    {
        if (fleet.HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{FleetOptions.SectionName}:HeartbeatInterval must be at least 1 second (it is {fleet.HeartbeatInterval}).";
        }

        if (fleet.MissedHeartbeats < 1)
        {
            yield return $"{FleetOptions.SectionName}:MissedHeartbeats must be at least 1.";
        }

        if (fleet.DirectoryShards is < 1 or > 1024)
        {
            yield return $"{FleetOptions.SectionName}:DirectoryShards must be between 1 and 1024.";
        }

        if (fleet.SweepInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{FleetOptions.SectionName}:SweepInterval must be at least 100 ms.";
        }

        if (fleet.InboxCapacity < 1)
        {
            yield return $"{FleetOptions.SectionName}:InboxCapacity must be at least 1.";
        }

        if (fleet.DefaultMaxConcurrentTasks < 1)
        {
            yield return $"{FleetOptions.SectionName}:DefaultMaxConcurrentTasks must be at least 1.";
        }

        if (messages.MaxPayloadBytes < 2)
        {
            yield return $"{MessageOptions.SectionName}:MaxPayloadBytes must be at least 2 (an empty JSON object).";
        }

        if (messages.MaxHops < 1)
        {
            yield return $"{MessageOptions.SectionName}:MaxHops must be at least 1.";
        }

        if (messages.RatePerSecond <= 0 || messages.Burst < 1)
        {
            yield return $"{MessageOptions.SectionName}:RatePerSecond must be above 0 and {MessageOptions.SectionName}:Burst at least 1.";
        }
    }
}
