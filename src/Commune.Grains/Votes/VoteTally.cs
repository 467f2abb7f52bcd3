using Commune.Votes;

namespace Commune.Grains.Votes;

/// <summary>Counts a vote's ballots into its <see cref="VoteResult"/>.</summary>
public static class VoteTally
{
    /// <summary>
    /// Counts every option; "abstain" ballots are abstentions and eligible voters without a ballot are not_voted (both count against
    /// the winner, whose share is taken of all eligible voters). A tie for the most votes is a tie; a sole leader that reaches
    /// <paramref name="requiredRatio"/> is decided; anything else, including no votes for any option, is no_consensus.
    /// </summary>
    public static VoteResult Compute(
        IReadOnlyList<string> options,
        IReadOnlyList<string> voters,
        IReadOnlyList<Ballot> ballots,
        double requiredRatio,
        DateTimeOffset closedAt,
        string closedBy)
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            tally[option] = 0;
        }

        var abstentions = 0;
        foreach (var ballot in ballots)
        {
            if (ballot.Choice == VoteRules.Abstain)
            {
                abstentions++;
            }
            else if (tally.TryGetValue(ballot.Choice, out var count))
            {
                tally[ballot.Choice] = count + 1;
            }
        }

        var voted = ballots.Select(b => b.Voter).ToHashSet(StringComparer.Ordinal);
        var notVoted = voters.Count(v => !voted.Contains(v));
        var top = tally.Count == 0 ? 0 : tally.Values.Max();
        var leaders = tally.Where(t => t.Value == top).Select(t => t.Key).ToList();
        string outcome;
        string? winner = null;
        if (top == 0)
        {
            outcome = VoteOutcomes.NoConsensus;
        }
        else if (leaders.Count > 1)
        {
            outcome = VoteOutcomes.Tie;
        }
        else if ((double)top / voters.Count >= requiredRatio)
        {
            outcome = VoteOutcomes.Decided;
            winner = leaders[0];
        }
        else
        {
            outcome = VoteOutcomes.NoConsensus;
        }

        return new VoteResult(outcome, winner, tally, abstentions, notVoted, closedAt, closedBy);
    }
}
