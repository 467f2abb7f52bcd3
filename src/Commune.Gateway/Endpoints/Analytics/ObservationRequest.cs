namespace Commune.Gateway.Endpoints.Analytics;

/// <summary>One observation of <c>POST /v1/coordination/teams/{team}/observations</c>; <c>step</c> or <c>at</c> (default: now) places it.</summary>
public sealed record ObservationRequest(
    string? Agent, string? Action, string? Role, string? Outcome, long? Step, DateTimeOffset? At, string? TaskType);
