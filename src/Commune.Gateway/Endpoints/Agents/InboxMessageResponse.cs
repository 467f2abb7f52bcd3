using System.Text.Json;
using Commune.Messages;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>One message as the API shows it: seed 002's envelope with its payload as JSON and the inbox or topic sequence.</summary>
public sealed record InboxMessageResponse(
    string Id,
    string Type,
    string From,
    string? ToAgent,
    string? Topic,
    JsonElement? Payload,
    string? TraceId,
    DateTimeOffset SentAt,
    int SchemaVersion,
    long Sequence,
    string? ConversationId,
    int Hop,
    string? InReplyTo)
{
    public static InboxMessageResponse Of(MessageEnvelope m) => new(
        m.Id, m.Type, m.From, m.ToAgent, m.Topic, JsonBody.Parse(m.Payload), m.TraceId, m.SentAt, m.SchemaVersion, m.Sequence,
        m.ConversationId, m.Hop, m.InReplyTo);
}
