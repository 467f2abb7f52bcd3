using System.Text.Json;

namespace Commune.Gateway.Endpoints.Events;

/// <summary>
/// <c>GET /v1/events/state</c>: the subject's state as of event <see cref="AsOf"/> (the request's <c>as_of</c>, or the last event
/// applied when it gave none) — the data of its <see cref="EventsApplied"/> events up to that id merged in id order.
/// <see cref="LastEventId"/> is the newest of them.
/// </summary>
public sealed record EventStateResponse(EventSubject Subject, long AsOf, int EventsApplied, long LastEventId, JsonElement State);
