namespace Commune.Gateway.Endpoints.Analytics;

/// <summary><c>POST /v1/coordination/teams/{team}/members</c>.</summary>
public sealed record TeamMembersRequest(IReadOnlyList<string?>? Agents);
