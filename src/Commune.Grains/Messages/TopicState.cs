using Commune.Messages;

namespace Commune.Grains.Messages;

/// <summary>A topic's retained messages, oldest first, and the highest sequence it ever assigned.</summary>
[GenerateSerializer, Alias("commune.messages.TopicState")]
public sealed class TopicState
{
    [Id(0)] public List<MessageEnvelope> Messages { get; set; } = [];

    /// <summary>Survives trimming, so sequences stay monotonic when the oldest messages are dropped.</summary>
    [Id(1)] public long LastSequence { get; set; }
}
