namespace Commune.Gateway.Endpoints.Votes;

/// <summary>
/// <c>POST /v1/votes</c> body. Everything is nullable so a missing field is reported by name (400) rather than defaulted;
/// <c>id</c> (generated when absent) and <c>required_ratio</c> (default 0.5) are optional.
/// </summary>
public sealed record CreateVoteRequest(
    string? Id,
    string? Question,
    IReadOnlyList<string?>? Options,
    IReadOnlyList<string?>? Voters,
    long? DeadlineSeconds,
    double? RequiredRatio,
    string? CreatedBy);
