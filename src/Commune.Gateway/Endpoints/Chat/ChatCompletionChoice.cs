namespace Commune.Gateway.Endpoints.Chat;

/// <summary>A choice: <see cref="Message"/> in a completion, <see cref="Delta"/> in a stream chunk.</summary>
public sealed record ChatCompletionChoice(int Index, ChatCompletionOutput? Message, ChatCompletionOutput? Delta, string? FinishReason);
