namespace Commune.Gateway.Endpoints.Analytics;

/// <summary><c>POST /v1/coordination/teams/{team}/observations</c>.</summary>
public sealed record ObservationsRequest(IReadOnlyList<ObservationRequest?>? Observations);
