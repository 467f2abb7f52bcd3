namespace Commune.Votes;

/// <summary>One voter's choice: an option or <see cref="VoteRules.Abstain"/>.</summary>
[GenerateSerializer, Immutable, Alias("commune.votes.Ballot")]
public sealed record Ballot(
    [property: Id(0)] string Voter,
    [property: Id(1)] string Choice,
    [property: Id(2)] string? Rationale,
    [property: Id(3)] DateTimeOffset CastAt);
