namespace Commune.Grains.Messages;

/// <summary>How much each topic keeps, bound from the <c>Messages</c> section (<c>Messages:TopicRetention</c>).</summary>
public sealed class TopicOptions
{
    public const string SectionName = "Messages";

    /// <summary>The default number of messages a topic keeps.</summary>
    public const int DefaultRetention = 1000;

    /// <summary>Newest messages a topic keeps; older ones are dropped as new ones arrive. At least 1.</summary>
    public int TopicRetention { get; set; } = DefaultRetention;
}
