namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// An assistant message or a stream delta; <see cref="ReasoningContent"/> carries extended thinking where a model produced it and
/// <see cref="ToolCalls"/> the calls of the caller's tools.
/// </summary>
public sealed record ChatCompletionOutput(string? Role, string? Content, string? ReasoningContent = null, IReadOnlyList<ChatToolCallOutput>? ToolCalls = null);

/// <summary>A tool call in an answer, or a piece of one in a stream (<see cref="Index"/> set, later pieces carry only arguments).</summary>
public sealed record ChatToolCallOutput(int? Index, string? Id, string? Type, ChatFunctionOutput Function);

/// <summary>The function of a <see cref="ChatToolCallOutput"/>; <see cref="Arguments"/> is JSON text (a fragment in a stream).</summary>
public sealed record ChatFunctionOutput(string? Name, string? Arguments);
