namespace Commune.Votes;

/// <summary>How a vote ended (<see cref="VoteResult.Outcome"/>).</summary>
public static class VoteOutcomes
{
    /// <summary>One option has the most votes, and its share of the eligible voters reaches the required ratio.</summary>
    public const string Decided = "decided";

    /// <summary>Two or more options share the most votes.</summary>
    public const string Tie = "tie";

    /// <summary>The leading option falls short of the required ratio, or no one chose an option.</summary>
    public const string NoConsensus = "no_consensus";
}
