namespace Commune.Gateway.Endpoints.Chat;

/// <summary>OpenAI's usage object.</summary>
public sealed record ChatCompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
