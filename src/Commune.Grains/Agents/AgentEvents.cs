using System.Buffers;
using System.Text.Json;
using Commune.Agents;
using Commune.Events;
using Commune.Messages;

namespace Commune.Grains.Agents;

/// <summary>
/// Audit entries for agents and messages. An agent entry (<c>agent.registered</c>, <c>agent.updated</c>, <c>agent.status</c>,
/// <c>agent.tasks</c>, <c>agent.subscriptions</c>, <c>agent.ended</c>) carries the agent's whole registration and status after the
/// change, so folding them rebuilds the agent at any event. Message entries (<c>message.sent</c>, <c>message.acked</c>) carry the route.
/// </summary>
public static class AgentEvents
{
    public const string Registered = "agent.registered";
    public const string Updated = "agent.updated";
    public const string Status = "agent.status";
    public const string Tasks = "agent.tasks";
    public const string Subscriptions = "agent.subscriptions";
    public const string Ended = "agent.ended";
    public const string MessageSent = "message.sent";
    public const string MessageAcked = "message.acked";

    public static AuditEntry Agent(string kind, string agentId, AgentState s, DateTimeOffset at) =>
        new(kind, agentId, s.CurrentTask is { } task && s.Held.ContainsKey(task) ? task : null, null, null, Write(json =>
        {
            json.WriteString("role", s.Role);
            json.WriteString("profile", s.Profile);
            Strings(json, "capabilities", s.Capabilities);
            json.WriteNumber("max_concurrent_tasks", s.MaxConcurrentTasks);
            json.WriteString("status", s.Status.Name());
            json.WriteString("status_reason", s.StatusReason);
            json.WriteString("current_task", s.CurrentTask);
            Strings(json, "held_tasks", [.. s.Held.Keys.Order(StringComparer.Ordinal)]);
            Strings(json, "subscriptions", s.Subscriptions);
            json.WriteString("pool", s.Pool);
            json.WriteString("parent", s.Parent);
            if (s.EndedAt is { } ended)
            {
                json.WriteString("ended_at", ended);
            }
            else
            {
                json.WriteNull("ended_at");
            }

            json.WriteNumber("version", s.Version);
        }), at);

    public static AuditEntry Sent(MessageEnvelope m, string route, int recipients, DateTimeOffset at) =>
        new(MessageSent, m.From, null, m.Id, m.TraceId, Write(json =>
        {
            json.WriteString("type", m.Type);
            json.WriteString("from", m.From);
            json.WriteString("to_agent", m.ToAgent);
            json.WriteString("topic", m.Topic);
            json.WriteString("route", route);
            json.WriteNumber("recipients", recipients);
            json.WriteString("conversation_id", m.ConversationId);
            json.WriteNumber("hop", m.Hop);
        }), at);

    public static AuditEntry Acked(string agentId, string messageId, DateTimeOffset at) =>
        new(MessageAcked, agentId, null, messageId, null, Write(json => json.WriteString("acked_by", agentId)), at);

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
