namespace Commune.Gateway.Endpoints.Sessions;

/// <summary>
/// <c>POST /v1/sessions</c> body. Everything is nullable so a missing field is reported by name. <c>profile</c> is required; <c>prompt</c>
/// (one user message) and <c>messages</c> (a conversation ending with the user's turn) exclude each other; <c>kind</c> defaults to free.
/// </summary>
public sealed record CreateSessionRequest(
    string? Id,
    string? Kind,
    string? Profile,
    string? Prompt,
    IReadOnlyList<SessionMessageInput?>? Messages,
    long? TtlSeconds,
    long? TokenLimit,
    bool? RunToCompletion);
