namespace Commune.Gateway.Endpoints.Chat;

/// <summary>A tool call of an earlier assistant turn: <c>{"id", "type": "function", "function": {"name", "arguments"}}</c>.</summary>
public sealed class ChatToolCallInput
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public ChatFunctionCallInput? Function { get; set; }
}

/// <summary>The function of a <see cref="ChatToolCallInput"/>; <see cref="Arguments"/> is a JSON object as text.</summary>
public sealed class ChatFunctionCallInput
{
    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
