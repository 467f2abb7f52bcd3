namespace Commune.Gateway.Endpoints.Chat;

/// <summary>An assistant message or a stream delta; <see cref="ReasoningContent"/> carries extended thinking where a model produced it.</summary>
public sealed record ChatCompletionOutput(string? Role, string? Content, string? ReasoningContent = null);
