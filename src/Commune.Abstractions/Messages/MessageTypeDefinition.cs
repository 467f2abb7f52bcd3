namespace Commune.Messages;

/// <summary>A message type: the payload fields it requires and, for a custom type, who registered it and why.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.MessageTypeDefinition")]
public sealed record MessageTypeDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> RequiredFields,
    [property: Id(2)] string? Description,
    [property: Id(3)] bool BuiltIn);
