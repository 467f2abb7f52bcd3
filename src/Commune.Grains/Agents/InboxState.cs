using Commune.Messages;

namespace Commune.Grains.Agents;

/// <summary>
/// An agent's inbox, stored apart from the agent so a status change does not rewrite waiting messages and a delivery does not rewrite
/// the registration. <see cref="Recent"/> remembers the last messages received (acknowledged or not) to ignore repeats and to follow
/// conversations.
/// </summary>
[GenerateSerializer, Alias("commune.agents.InboxState")]
public sealed class InboxState
{
    public const int RecentCapacity = 256;

    [Id(0)] public List<MessageEnvelope> Messages { get; set; } = [];

    [Id(1)] public long LastSequence { get; set; }

    [Id(2)] public List<ReceivedMark> Recent { get; set; } = [];

    /// <summary>Per subscribed topic, the highest topic sequence delivered, so a gap is read back from the topic's log.</summary>
    [Id(3)] public Dictionary<string, long> TopicCursors { get; set; } = new(StringComparer.Ordinal);
}
