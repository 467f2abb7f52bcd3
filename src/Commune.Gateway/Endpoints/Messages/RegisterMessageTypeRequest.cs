namespace Commune.Gateway.Endpoints.Messages;

/// <summary><c>POST /v1/message-types</c>: a custom type and the payload fields it requires (<c>name</c> or <c>name:kind</c>).</summary>
public sealed record RegisterMessageTypeRequest(string? Name, IReadOnlyList<string>? RequiredFields, string? Description);
