namespace Commune.Gateway.Endpoints.Agents;

/// <summary><c>GET /v1/agents/{id}/messages</c>: unacknowledged messages, the <c>after</c> to read on from, and how many wait in all.</summary>
public sealed record InboxResponse(IReadOnlyList<InboxMessageResponse> Messages, long NextAfter, int Pending);
