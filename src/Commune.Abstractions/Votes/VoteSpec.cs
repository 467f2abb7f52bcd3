namespace Commune.Votes;

/// <summary>What a vote asks and of whom. <see cref="VoteRules.Check"/> says whether it is acceptable.</summary>
[GenerateSerializer, Immutable, Alias("commune.votes.VoteSpec")]
public sealed record VoteSpec(
    [property: Id(0)] string Question,
    [property: Id(1)] IReadOnlyList<string> Options,
    [property: Id(2)] IReadOnlyList<string> Voters,
    [property: Id(3)] int DeadlineSeconds,
    [property: Id(4)] double RequiredRatio,
    [property: Id(5)] string CreatedBy);
