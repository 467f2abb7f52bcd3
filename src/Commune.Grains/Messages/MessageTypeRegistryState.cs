using Commune.Messages;

namespace Commune.Grains.Messages;

/// <summary>Registered custom message types, by name.</summary>
[GenerateSerializer, Alias("commune.messages.MessageTypeRegistryState")]
public sealed class MessageTypeRegistryState
{
    [Id(0)] public Dictionary<string, MessageTypeDefinition> Types { get; set; } = new(StringComparer.Ordinal);
}
