namespace Commune.Messages;

/// <summary>A page of an agent's unacknowledged messages and how many are waiting in all.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.InboxPage")]
public sealed record InboxPage(
    [property: Id(0)] bool AgentExists,
    [property: Id(1)] IReadOnlyList<MessageEnvelope> Messages,
    [property: Id(2)] int Pending);
