using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>The OpenAI <c>chat.completion</c> object, plus a <c>commune</c> member with who answered and the attempt trail.</summary>
public sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage? Usage,
    CommuneMetadata? Commune);

public sealed record ChatCompletionChoice(int Index, ChatCompletionOutput? Message, ChatCompletionOutput? Delta, string? FinishReason);

/// <summary>An assistant message or a stream delta; <see cref="ReasoningContent"/> carries extended thinking where a model produced it.</summary>
public sealed record ChatCompletionOutput(string? Role, string? Content, string? ReasoningContent = null);

public sealed record ChatCompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);

/// <summary>What Commune adds to every answer: the profile, the provider and model that actually answered, and every step tried.</summary>
public sealed record CommuneMetadata(
    string Profile,
    string? Provider,
    string? Model,
    bool Simulated,
    decimal? CostUsd,
    bool UsageEstimated,
    bool Downgraded,
    IReadOnlyList<ModelAttempt> Attempts);
