using System.Globalization;
using Commune.Events;

namespace Commune.Gateway.Endpoints.Events;

/// <summary>
/// The audit trail over HTTP: <c>GET /v1/events</c> pages through recorded events by agent, task, trace and kind, and
/// <c>GET /v1/events/state</c> rebuilds a task's or an agent's state as of any event id. Reads go through the silos' event reader.
/// </summary>
public static class EventEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxIdLength = 256;
    public const int MaxKindLength = 100;

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder v1)
    {
        var events = v1.MapGroup("/events").WithTags("Events");
        events.MapGet("", ListAsync).WithName("ListEvents")
            .WithSummary("Recorded events with an id above 'after', oldest first, filtered by agent, task, trace and kind (e.g. task.claimed or task.*).");
        events.MapGet("/state", StateAsync).WithName("ReplayEvents")
            .WithSummary("A task's or an agent's state rebuilt from its events up to 'as_of' (an event id; omitted: the latest); 404 when it has none by then.");
        return v1;
    }

    private static async Task<IResult> ListAsync(string? agent, string? task, string? trace, string? kind, string? after, string? limit, IGrainFactory grains)
    {
        var invalid = Id("agent", agent) ?? Id("task", task);
        var badTrace = Trace(trace, out var traceId);
        var badKind = Kind(kind, out var exact, out var prefix);
        if ((invalid ?? badTrace ?? badKind) is { } problem)
        {
            return problem;
        }

        long from = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            return Invalid("after", $"after must be a whole number of 0 or more (an event id), not '{after}'.");
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Invalid("limit", $"limit must be a whole number between 1 and {MaxLimit}, not '{limit}'.");
        }

        var found = await Reader(grains).QueryAsync(new EventQuery(agent, task, traceId, exact, from, count, KindPrefix: prefix));
        var page = found.Select(EventResponse.From).ToArray();
        return Results.Ok(new EventPage(page, page.Length > 0 ? page[^1].Id : from));
    }

    private static async Task<IResult> StateAsync(string? task, string? agent, string? as_of, IGrainFactory grains)
    {
        if ((Id("agent", agent) ?? Id("task", task)) is { } invalid)
        {
            return invalid;
        }

        if ((task is null) == (agent is null))
        {
            return Invalid("subject", "Give exactly one of task=<id> or agent=<id>: the subject whose state is rebuilt.");
        }

        long? upTo = null;
        if (as_of is not null)
        {
            if (!long.TryParse(as_of, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Invalid("as_of", $"as_of must be a whole number of 0 or more (an event id), not '{as_of}'.");
            }

            upTo = id;
        }

        // A subject's state is its own family of events: a task's messages or an agent's task transitions are not folded into it.
        var subject = task is not null ? new EventSubject("task", task) : new EventSubject("agent", agent!);
        var query = subject.Type == "task"
            ? new EventQuery(null, task, null, null, 0, MaxLimit, upTo, "task.")
            : new EventQuery(agent, null, null, null, 0, MaxLimit, upTo, "agent.");
        var replay = await Reader(grains).ReplayAsync(query);
        if (replay.EventsApplied == 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No events",
                detail: $"There are no {subject.Type} events for '{subject.Id}'" + (upTo is { } u ? $" up to event {u}." : "."),
                extensions: new Dictionary<string, object?> { ["code"] = "not_found" });
        }

        return Results.Ok(new EventStateResponse(subject, upTo ?? replay.LastEventId, replay.EventsApplied, replay.LastEventId, EventResponse.Parse(replay.State)));
    }

    private static IEventReaderGrain Reader(IGrainFactory grains) => grains.GetGrain<IEventReaderGrain>(0);

    private static IResult? Id(string name, string? value) =>
        value is null ? null
        : value.Length is 0 or > MaxIdLength || value.Any(char.IsControl) || string.IsNullOrWhiteSpace(value)
            ? Invalid(name, $"{name} must be 1 to {MaxIdLength} printable characters (an id).")
            : null;

    /// <summary>A W3C trace id: 32 hex digits, not all zero. Upper case is accepted and stored ids are lower case.</summary>
    private static IResult? Trace(string? value, out string? traceId)
    {
        traceId = value?.ToLowerInvariant();
        if (traceId is null)
        {
            return null;
        }

        return traceId.Length == 32 && traceId.All(char.IsAsciiHexDigitLower) && traceId.Any(c => c != '0')
            ? null
            : Invalid("trace", $"trace must be a W3C trace id (32 hex digits, as in a traceparent header), not '{value}'.");
    }

    /// <summary>An event kind (<c>task.claimed</c>) or a family ending in <c>.*</c> (<c>task.*</c>).</summary>
    private static IResult? Kind(string? value, out string? exact, out string? prefix)
    {
        exact = null;
        prefix = null;
        if (value is null)
        {
            return null;
        }

        var family = value.EndsWith(".*", StringComparison.Ordinal);
        var name = family ? value[..^1] : value;
        if (name.Length is 0 or > MaxKindLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.') || name[0] == '.')
        {
            return Invalid("kind", $"kind must be an event kind such as task.claimed, or a family such as task.* (lower-case letters, digits, '_' and '.'), not '{value}'.");
        }

        if (family)
        {
            prefix = name;
        }
        else
        {
            exact = name;
        }

        return null;
    }

    private static IResult Invalid(string parameter, string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid request",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "invalid", ["parameter"] = parameter });
}
