namespace Commune.Gateway.Endpoints.Votes;

/// <summary><c>POST /v1/votes/{id}/ballots</c> body: the voter, an option or "abstain", and an optional rationale.</summary>
public sealed record CastBallotRequest(string? Voter, string? Choice, string? Rationale);
