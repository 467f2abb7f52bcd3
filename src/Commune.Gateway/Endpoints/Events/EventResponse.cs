using System.Text.Json;
using Commune.Events;

namespace Commune.Gateway.Endpoints.Events;

/// <summary>An audit event as <c>GET /v1/events</c> returns it, with its data as a JSON object rather than a string.</summary>
public sealed record EventResponse(
    long Id,
    DateTimeOffset At,
    string Kind,
    string? AgentId,
    string? TaskId,
    string? MessageId,
    string? TraceId,
    JsonElement Data)
{
    public static EventResponse From(AuditEvent e) =>
        new(e.Id, e.At, e.Kind, e.AgentId, e.TaskId, e.MessageId, e.TraceId, Parse(e.Data));

    /// <summary>Stores keep data as JSON objects; anything else is returned as a string rather than failing the page.</summary>
    internal static JsonElement Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
