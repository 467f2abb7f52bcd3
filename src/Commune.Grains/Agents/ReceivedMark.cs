namespace Commune.Grains.Agents;

/// <summary>A message this agent received: enough to spot a repeat and to continue its conversation when replying.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.ReceivedMark")]
public sealed record ReceivedMark(
    [property: Id(0)] string Id,
    [property: Id(1)] string From,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] int Hop,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool Direct);
