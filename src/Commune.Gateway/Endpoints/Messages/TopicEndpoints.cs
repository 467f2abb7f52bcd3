using System.Globalization;
using Commune.Messages;

namespace Commune.Gateway.Endpoints.Messages;

/// <summary>Reading a topic's messages (<c>/v1/topics/{topic}/messages</c>), e.g. <c>broadcast</c> or <c>vote:{id}</c>.</summary>
public static class TopicEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapTopicEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/topics/{topic}/messages", ReadAsync)
            .WithName("ReadTopic")
            .WithSummary("A topic's messages with a sequence above 'after', oldest first, and the 'next_after' to read on from.");
        return v1;
    }

    private static async Task<IResult> ReadAsync(string topic, string? after, string? limit, IGrainFactory grains)
    {
        if (topic.Length > Topics.MaxLength || topic.Any(char.IsControl) || string.IsNullOrWhiteSpace(topic))
        {
            return Results.Problem(statusCode: 400, title: "Invalid topic", detail: $"The topic must be 1 to {Topics.MaxLength} printable characters.");
        }

        long from = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            return Results.Problem(statusCode: 400, title: "Invalid after", detail: $"after must be a whole number of 0 or more (a sequence), not '{after}'.");
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Results.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be a whole number between 1 and {MaxLimit}, not '{limit}'.");
        }

        var messages = await grains.GetGrain<ITopicGrain>(topic).ReadAsync(from, count);
        var page = messages.Select(TopicMessage.FromEnvelope).ToArray();
        return Results.Ok(new TopicMessagePage(page, page.Length > 0 ? page[^1].Sequence : from));
    }
}
