namespace Commune.Messages;

/// <summary>Acknowledged ids removed from the inbox, ids it did not hold (already acknowledged, or never delivered) and what is left.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.AckResult")]
public sealed record AckResult(
    [property: Id(0)] bool AgentExists,
    [property: Id(1)] IReadOnlyList<string> Acknowledged,
    [property: Id(2)] IReadOnlyList<string> Unknown,
    [property: Id(3)] int Pending);
