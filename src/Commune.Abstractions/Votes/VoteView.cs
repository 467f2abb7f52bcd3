namespace Commune.Votes;

/// <summary>A vote as callers see it; <see cref="Result"/> is set once <see cref="Status"/> is <see cref="VoteStatuses.Closed"/>.</summary>
[GenerateSerializer, Immutable, Alias("commune.votes.VoteView")]
public sealed record VoteView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Question,
    [property: Id(2)] IReadOnlyList<string> Options,
    [property: Id(3)] IReadOnlyList<string> Voters,
    [property: Id(4)] double RequiredRatio,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset Deadline,
    [property: Id(8)] string Status,
    [property: Id(9)] IReadOnlyList<Ballot> Ballots,
    [property: Id(10)] VoteResult? Result);
