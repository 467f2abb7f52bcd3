namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>POST /v1/agents/{id}/subscriptions</c>.</summary>
public sealed record SubscribeRequest(string? Topic);
