using System.Text.Json;
using Commune.Analytics;
using Commune.Events;
using Commune.Grains.Agents;
using Commune.Grains.Tasks;
using Commune.Tasks;

namespace Commune.Grains.Analytics;

/// <summary>
/// Which audit entries are agent actions, and as what: a sent message is <c>message</c> (its role label is the message type); task
/// transitions are <c>claim</c>, <c>progress</c>, <c>submit</c> (pending review), <c>release</c> (back to pending: released, expired or
/// a failed attempt), <c>complete</c> (a team success) and <c>fail</c> (a team failure). Registrations are not actions; they carry
/// the pool and parent that imply teams.
/// </summary>
public static class AuditObservations
{
    private static readonly Dictionary<string, (string Action, string? Outcome)> TaskActions = new(StringComparer.Ordinal)
    {
        [TaskEvents.KindOf(WorkStatus.Claimed)] = ("claim", null),
        [TaskEvents.KindOf(WorkStatus.InProgress)] = ("progress", null),
        [TaskEvents.KindOf(WorkStatus.PendingReview)] = ("submit", null),
        [TaskEvents.KindOf(WorkStatus.Pending)] = ("release", null),
        [TaskEvents.KindOf(WorkStatus.Completed)] = ("complete", CoordinationOutcomes.Success),
        [TaskEvents.KindOf(WorkStatus.Failed)] = ("fail", CoordinationOutcomes.Failure),
    };

    /// <summary>Whether the feed should forward the entry at all (a cheap test on the kind, no parsing).</summary>
    public static bool Relevant(AuditEntry entry) =>
        entry.AgentId is not null
        && (entry.Kind is AgentEvents.MessageSent or AgentEvents.Registered or AgentEvents.Updated || TaskActions.ContainsKey(entry.Kind));

    /// <summary>The action an entry records, or null when it is none.</summary>
    public static CoordinationObservation? From(AuditEntry entry)
    {
        if (entry.AgentId is not { } agent)
        {
            return null;
        }

        if (entry.Kind == AgentEvents.MessageSent)
        {
            return new CoordinationObservation(agent, "message", "message:" + (MessageType(entry.Data) ?? "unknown"), null, entry.At);
        }

        return TaskActions.TryGetValue(entry.Kind, out var task)
            ? new CoordinationObservation(agent, task.Action, null, task.Outcome, entry.At)
            : null;
    }

    private static string? MessageType(string data)
    {
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
