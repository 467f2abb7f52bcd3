using System.Text.Json;
using Commune.Analytics;
using Commune.Events;
using Commune.Grains.Agents;
using Orleans.Concurrency;

namespace Commune.Grains.Analytics;

/// <summary>
/// Reads written audit entries as agent actions and hands each agent's share to its member grain, one-way. Stateless and local to
/// the silo that wrote the entries, so it scales with the audit pipeline and never holds it up.
/// </summary>
[StatelessWorker]
public sealed class CoordinationRouterGrain : Grain, ICoordinationRouterGrain
{
    public Task RouteAsync(IReadOnlyList<AuditEntry> entries)
    {
        var byAgent = new Dictionary<string, (List<CoordinationObservation> Observations, AgentActivity? Registration)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.AgentId is not { } agent)
            {
                continue;
            }

            if (!byAgent.TryGetValue(agent, out var activity))
            {
                activity = ([], null);
            }

            if (entry.Kind is AgentEvents.Registered or AgentEvents.Updated)
            {
                var (pool, parent) = Affiliation(entry.Data);
                activity.Registration = new AgentActivity([], true, pool, parent);
            }
            else if (AuditObservations.From(entry) is { } observation)
            {
                activity.Observations.Add(observation);
            }
            else
            {
                continue;
            }

            byAgent[agent] = activity;
        }

        foreach (var (agent, (observations, registration)) in byAgent)
        {
            var activity = registration is null
                ? new AgentActivity(observations, false, null, null)
                : registration with { Observations = observations };
            GrainFactory.GetGrain<ICoordinationMemberGrain>(agent).ObserveAsync(activity).Ignore();
        }

        return Task.CompletedTask;
    }

    private static (string? Pool, string? Parent) Affiliation(string data)
    {
        try
        {
            using var json = JsonDocument.Parse(data);
            return (Text(json.RootElement, "pool"), Text(json.RootElement, "parent"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
