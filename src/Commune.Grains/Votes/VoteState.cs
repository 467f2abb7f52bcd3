using Commune.Messages;
using Commune.Votes;

namespace Commune.Grains.Votes;

/// <summary>
/// A vote: what it asks, its ballots, its result once closed, and the messages it still has to publish (an outbox, so a failed
/// publication is retried by the next call or reminder tick instead of being lost).
/// </summary>
[GenerateSerializer, Alias("commune.votes.VoteState")]
public sealed class VoteState
{
    /// <summary>Null until the vote is created.</summary>
    [Id(0)] public string? Id { get; set; }

    [Id(1)] public string Question { get; set; } = "";

    [Id(2)] public List<string> Options { get; set; } = [];

    [Id(3)] public List<string> Voters { get; set; } = [];

    [Id(4)] public double RequiredRatio { get; set; }

    [Id(5)] public string CreatedBy { get; set; } = "";

    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    [Id(7)] public DateTimeOffset Deadline { get; set; }

    [Id(8)] public List<Ballot> Ballots { get; set; } = [];

    /// <summary>Set exactly once, when the vote closes.</summary>
    [Id(9)] public VoteResult? Result { get; set; }

    /// <summary>Messages written with the state change that caused them and removed once their topic has them.</summary>
    [Id(10)] public List<MessageEnvelope> Outbox { get; set; } = [];
}
