using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>What Commune adds to every answer: the profile, the provider and model that actually answered, and every step tried.</summary>
public sealed record CommuneMetadata(
    string Profile,
    string? Provider,
    string? Model,
    bool Simulated,
    decimal? CostUsd,
    bool UsageEstimated,
    bool Downgraded,
    IReadOnlyList<ModelAttempt> Attempts);
