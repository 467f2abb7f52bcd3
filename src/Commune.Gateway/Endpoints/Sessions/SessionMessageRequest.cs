namespace Commune.Gateway.Endpoints.Sessions;

/// <summary><c>POST /v1/sessions/{id}/messages</c> body: the user's next turn.</summary>
public sealed record SessionMessageRequest(string? Content);
