using System.Text.Json;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>A tool the model may call: only <c>{"type": "function", "function": {…}}</c>.</summary>
public sealed class ChatToolInput
{
    public string? Type { get; set; }

    public ChatFunctionInput? Function { get; set; }
}

/// <summary>A function tool's definition; <see cref="Parameters"/> is its JSON schema.</summary>
public sealed class ChatFunctionInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement Parameters { get; set; }

    public bool? Strict { get; set; }
}
