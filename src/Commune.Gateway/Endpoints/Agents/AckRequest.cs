namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>POST /v1/agents/{id}/messages/ack</c>.</summary>
public sealed record AckRequest(IReadOnlyList<string>? Ids);
