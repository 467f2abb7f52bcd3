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
