using Commune.Agents;

namespace Commune.Messages;

/// <summary>What an inbox did with a message: stored it (with its inbox sequence), recognised a repeat, or refused it.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.Delivery")]
public sealed record Delivery(
    [property: Id(0)] AgentError? Error,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Duplicate)
{
    public bool Delivered => Error is null;
}
