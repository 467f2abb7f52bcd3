namespace Commune.Votes;

/// <summary>What closed a vote (<see cref="VoteResult.ClosedBy"/>).</summary>
public static class VoteClosers
{
    /// <summary>The last eligible voter cast a ballot before the deadline.</summary>
    public const string AllVoted = "all_voted";

    /// <summary>The deadline passed with voters missing.</summary>
    public const string Deadline = "deadline";
}
