using Commune.Messages;

namespace Commune.Grains.Agents;

/// <summary>
/// An agent's inbox, stored apart from the agent so a status change does not rewrite waiting messages and a delivery does not rewrite
/// the registration. Only what must survive is here: the waiting messages and the cursors. The marks of recently received messages
/// (for repeats and conversations) live in the activation: serialising 256 of them made up most of every delivery's write.
/// </summary>
[GenerateSerializer, Alias("commune.agents.InboxState")]
public sealed class InboxState
{
    [Id(0)] public List<MessageEnvelope> Messages { get; set; } = [];

    [Id(1)] public long LastSequence { get; set; }

    // Id 2 held the recent-message marks; retired (they live in the activation now), never reused.

    /// <summary>Per subscribed topic, the highest topic sequence delivered, so a gap is read back from the topic's log.</summary>
    [Id(3)] public Dictionary<string, long> TopicCursors { get; set; } = new(StringComparer.Ordinal);
}
