namespace Commune.Grains.Messages;

/// <summary>
/// The Orleans stream provider behind topic subscriptions. Memory streams: the topic grain's log is the durable copy, and a subscriber
/// that sees a gap in the sequence reads it back from there.
/// </summary>
public static class TopicStreams
{
    public const string Provider = "topics";

    /// <summary>Orleans' explicit subscriptions are kept in grain storage under this name.</summary>
    public const string PubSubStore = "PubSubStore";

    private const string Namespace = "topic";

    public static StreamId Id(string topic) => StreamId.Create(Namespace, topic);
}
