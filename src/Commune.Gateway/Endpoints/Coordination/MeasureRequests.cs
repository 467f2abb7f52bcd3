using System.Text.Json;

namespace Commune.Gateway.Endpoints.Coordination;

// Bodies of the stateless measure routes. Series stay JsonElement so their label types are checked by SeriesReader (mixed → 422)
// rather than by binding (which would turn every type rule into a bare 400). Optional members are null when absent.

/// <summary><c>POST /v1/coordination/mi</c>: I(X(t); Y(t + lag)).</summary>
public sealed record MutualInformationRequest(JsonElement? X, JsonElement? Y, int? Lag, string? Estimator, int? Bins);

/// <summary><c>POST /v1/coordination/tdmi</c>: I(X(t); Y(t + lag)) and I(Y(t); X(t + lag)), lag default 1.</summary>
public sealed record TimeDelayedRequest(JsonElement? X, JsonElement? Y, int? Lag, string? Estimator, int? Bins, double? Tolerance);

/// <summary><c>POST /v1/coordination/pid</c>: the two-source decomposition of I(X1, X2; target).</summary>
public sealed record PidRequest(JsonElement? Sources, JsonElement? Target, string? Redundancy, int? Bins);

/// <summary>
/// <c>POST /v1/coordination/significance</c>: one measure against permutation nulls. mi, tdmi and te read x and y and
/// permute x; pid_synergy and pid_redundancy read sources and target and permute the target.
/// </summary>
public sealed record SignificanceRequest(
    string? Measure,
    JsonElement? X,
    JsonElement? Y,
    JsonElement? Sources,
    JsonElement? Target,
    int? Lag,
    int? History,
    string? Estimator,
    string? Redundancy,
    int? Permutations,
    string? Null,
    int? Seed,
    int? Bins);

/// <summary><c>POST /v1/coordination/specialization</c>: each agent's labels over time.</summary>
public sealed record SpecializationRequest(Dictionary<string, JsonElement>? Agents, double? Threshold);
