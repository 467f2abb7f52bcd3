namespace Commune.Grains.Agents;

/// <summary>Flood control and message limits, bound from the <c>Messages</c> section (next to <c>Messages:TopicRetention</c>).</summary>
public sealed class MessageOptions
{
    public const string SectionName = "Messages";

    /// <summary>Largest payload accepted, in UTF-8 bytes.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Replies a conversation may reach; the next one is refused (two agents pinging each other forever).</summary>
    public int MaxHops { get; set; } = 16;

    /// <summary>How long a message from an agent counts as the conversation a message back to it continues, without <c>in_reply_to</c>.</summary>
    public TimeSpan ConversationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Messages per second an agent may send on average (seed 002: don't send messages in tight loops).</summary>
    public double RatePerSecond { get; set; } = 20;

    /// <summary>Messages an agent may send at once before the rate applies.</summary>
    public int Burst { get; set; } = 100;
}
