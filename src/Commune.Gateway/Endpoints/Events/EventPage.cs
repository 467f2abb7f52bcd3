namespace Commune.Gateway.Endpoints.Events;

/// <summary>
/// One page of the audit trail, oldest first. <see cref="NextAfter"/> is the last event's id (or the request's <c>after</c> when the page
/// is empty): pass it as <c>after</c> to read on.
/// </summary>
public sealed record EventPage(IReadOnlyList<EventResponse> Events, long NextAfter);
