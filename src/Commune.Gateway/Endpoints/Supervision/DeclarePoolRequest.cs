namespace Commune.Gateway.Endpoints.Supervision;

/// <summary><c>POST /v1/pools</c>: a worker pool the supervisor keeps between <c>min</c> and <c>max</c>.</summary>
public sealed record DeclarePoolRequest(
    string? Name,
    string? Role,
    string? Profile,
    IReadOnlyList<string>? Capabilities,
    int? Min,
    int? Max,
    double? IdleRetireSeconds);
