namespace Commune.Votes;

/// <summary>
/// One vote (key = vote id, see <see cref="VoteRules.IsValidId"/>): eligible voters cast one ballot each until everyone has voted or the
/// deadline passes, then the vote closes with a tally. It publishes <c>vote_request</c>, <c>vote_response</c> and <c>vote_result</c>
/// to <c>broadcast</c> and <c>vote:{id}</c>.
/// </summary>
[Alias("commune.votes.IVoteGrain")]
public interface IVoteGrain : IGrainWithStringKey
{
    /// <summary>Opens the vote; refused with <see cref="VoteErrorCode.Exists"/> if this id was ever used, or <see cref="VoteErrorCode.Invalid"/>.</summary>
    Task<VoteReply> CreateAsync(VoteSpec spec);

    /// <summary>Records a voter's one ballot; the last eligible ballot closes the vote.</summary>
    Task<VoteReply> CastAsync(string voter, string choice, string? rationale);

    /// <summary>The vote as it stands, or null if it was never created.</summary>
    Task<VoteView?> GetAsync();
}
