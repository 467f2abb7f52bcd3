namespace Commune.Votes;

/// <summary>Why a vote grain refused a call; the gateway maps each to an HTTP status.</summary>
public static class VoteErrorCode
{
    /// <summary>No vote with this id was created (404).</summary>
    public const string NotFound = "vote_not_found";

    /// <summary>A vote with this id already exists (409).</summary>
    public const string Exists = "vote_exists";

    /// <summary>The vote's specification breaks a rule of <see cref="VoteRules"/> (422).</summary>
    public const string Invalid = "invalid_vote";

    /// <summary>The voter is not one of the vote's eligible voters (422).</summary>
    public const string NotEligible = "not_eligible";

    /// <summary>The choice is neither an option nor "abstain" (422).</summary>
    public const string InvalidChoice = "invalid_choice";

    /// <summary>The voter already cast their one ballot (409).</summary>
    public const string AlreadyVoted = "already_voted";

    /// <summary>The vote is closed (409).</summary>
    public const string Closed = "vote_closed";
}
