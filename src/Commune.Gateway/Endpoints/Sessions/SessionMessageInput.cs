namespace Commune.Gateway.Endpoints.Sessions;

/// <summary>One opening message of <see cref="CreateSessionRequest.Messages"/>.</summary>
public sealed record SessionMessageInput(string? Role, string? Content);
