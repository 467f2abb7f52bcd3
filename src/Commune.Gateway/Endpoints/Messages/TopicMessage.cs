using System.Text.Json;
using Commune.Messages;

namespace Commune.Gateway.Endpoints.Messages;

/// <summary>A message as <c>GET /v1/topics/{topic}/messages</c> returns it: the envelope with its payload as JSON, not a string.</summary>
public sealed record TopicMessage(
    string Id,
    string Type,
    string From,
    string? ToAgent,
    string? Topic,
    JsonElement Payload,
    string? TraceId,
    DateTimeOffset SentAt,
    int SchemaVersion,
    long Sequence)
{
    public static TopicMessage FromEnvelope(MessageEnvelope message) => new(
        message.Id,
        message.Type,
        message.From,
        message.ToAgent,
        message.Topic,
        ParsePayload(message.Payload),
        message.TraceId,
        message.SentAt,
        message.SchemaVersion,
        message.Sequence);

    /// <summary>The payload's JSON; a payload that is not JSON (a publisher's mistake) is returned as a JSON string rather than lost.</summary>
    private static JsonElement ParsePayload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(payload);
        }
    }
}
