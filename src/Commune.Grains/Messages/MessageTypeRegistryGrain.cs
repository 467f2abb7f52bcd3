using Commune.Messages;
using Microsoft.Extensions.Logging;

namespace Commune.Grains.Messages;

/// <summary>Keeps custom message types. Names never change meaning: a name registered with other fields is refused.</summary>
public sealed partial class MessageTypeRegistryGrain(
    [PersistentState("message-types", StorageNames.Default)] IPersistentState<MessageTypeRegistryState> state,
    ILogger<MessageTypeRegistryGrain> logger) : Grain, IMessageTypeRegistryGrain
{
    public const int MaxTypes = 1000;
    public const int MaxFields = 32;

    public async Task<(MessageTypeDefinition? Type, string? Error)> RegisterAsync(MessageTypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var name = definition.Name;
        if (!IsValidName(name))
        {
            return (null, $"'{name}' is not a valid type name: 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter.");
        }

        if (MessageSchemas.BuiltIn.ContainsKey(name))
        {
            return (null, $"'{name}' is a built-in type; its shape cannot be changed.");
        }

        if (definition.RequiredFields.Count > MaxFields)
        {
            return (null, $"A type may require at most {MaxFields} fields.");
        }

        if (MessageSchemas.CheckFields(definition.RequiredFields) is { } bad)
        {
            return (null, bad);
        }

        var custom = definition with { BuiltIn = false, RequiredFields = [.. definition.RequiredFields] };
        if (state.State.Types.TryGetValue(name, out var existing))
        {
            return existing.RequiredFields.SequenceEqual(custom.RequiredFields, StringComparer.Ordinal)
                ? (existing, null)
                : (null, $"'{name}' is already registered requiring [{string.Join(", ", existing.RequiredFields)}]; register a new name for a new shape.");
        }

        if (state.State.Types.Count >= MaxTypes)
        {
            return (null, $"There are already {MaxTypes} custom types.");
        }

        state.State.Types[name] = custom;
        await state.WriteStateAsync();
        LogRegistered(logger, name, custom.RequiredFields.Count);
        return (custom, null);
    }

    public Task<IReadOnlyList<MessageTypeDefinition>> ListAsync()
    {
        IReadOnlyList<MessageTypeDefinition> all = [.. MessageSchemas.BuiltIn.Values, .. state.State.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
        return Task.FromResult(all);
    }

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-');

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered message type {Type} with {Fields} required fields")]
    private static partial void LogRegistered(ILogger logger, string type, int fields);
}
