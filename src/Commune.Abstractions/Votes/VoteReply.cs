namespace Commune.Votes;

/// <summary>A vote grain's answer: the vote, or a <see cref="VoteErrorCode"/> with a detail saying exactly what was refused.</summary>
[GenerateSerializer, Immutable, Alias("commune.votes.VoteReply")]
public sealed record VoteReply(
    [property: Id(0)] VoteView? Vote,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Detail)
{
    public static VoteReply Ok(VoteView vote) => new(vote, null, null);

    public static VoteReply Refused(string error, string detail) => new(null, error, detail);
}
