namespace Commune.Votes;

/// <summary>
/// A closed vote's tally. <see cref="Tally"/> counts every option; <see cref="Abstentions"/> are explicit "abstain" ballots and
/// <see cref="NotVoted"/> the eligible voters who cast none (they count as abstaining). <see cref="Winner"/> is set only when
/// <see cref="Outcome"/> is <see cref="VoteOutcomes.Decided"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.votes.VoteResult")]
public sealed record VoteResult(
    [property: Id(0)] string Outcome,
    [property: Id(1)] string? Winner,
    [property: Id(2)] IReadOnlyDictionary<string, int> Tally,
    [property: Id(3)] int Abstentions,
    [property: Id(4)] int NotVoted,
    [property: Id(5)] DateTimeOffset ClosedAt,
    [property: Id(6)] string ClosedBy);
