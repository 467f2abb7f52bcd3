namespace Commune.Messages;

/// <summary>Custom message types (one grain: registrations are rare; routers cache what they read).</summary>
[Alias("commune.messages.IMessageTypeRegistryGrain")]
public interface IMessageTypeRegistryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Registers a custom type; the same definition again is accepted, a different one for an existing name is not.</summary>
    Task<(MessageTypeDefinition? Type, string? Error)> RegisterAsync(MessageTypeDefinition definition);

    Task<IReadOnlyList<MessageTypeDefinition>> ListAsync();
}
