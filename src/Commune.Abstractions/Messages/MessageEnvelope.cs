namespace Commune.Messages;

/// <summary>
/// One coordination message (seed 002's envelope). <see cref="Payload"/> is the message's JSON text; <see cref="Topic"/> names where it
/// was published. <see cref="Sequence"/> is assigned by the topic or inbox that stores it, so readers can page with "after".
/// <see cref="ConversationId"/> and <see cref="Hop"/> (replies so far) let the router stop two agents replying to each other forever.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.messages.MessageEnvelope")]
public sealed record MessageEnvelope(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string From,
    [property: Id(3)] string? ToAgent,
    [property: Id(4)] string? Topic,
    [property: Id(5)] string Payload,
    [property: Id(6)] string? TraceId,
    [property: Id(7)] DateTimeOffset SentAt,
    [property: Id(8)] int SchemaVersion,
    [property: Id(9)] long Sequence,
    [property: Id(10)] string? ConversationId = null,
    [property: Id(11)] int Hop = 0,
    [property: Id(12)] string? InReplyTo = null)
{
    /// <summary>The envelope schema this build writes.</summary>
    public const int CurrentSchemaVersion = 1;
}
