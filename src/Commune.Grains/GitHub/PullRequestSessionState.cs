using Commune.GitHub;

namespace Commune.Grains.GitHub;

/// <summary>A PR session. Every list is bounded (see <see cref="PullRequestSessionGrain"/>), so a busy PR's state stays small.</summary>
[GenerateSerializer, Alias("commune.github.PullRequestSessionState")]
public sealed class PullRequestSessionState
{
    [Id(0)] public string? Title { get; set; }

    [Id(1)] public string? Author { get; set; }

    [Id(2)] public string State { get; set; } = "open";

    [Id(3)] public bool Archived { get; set; }

    [Id(4)] public string? HeadSha { get; set; }

    [Id(5)] public string? HeadRef { get; set; }

    [Id(6)] public string? BaseRef { get; set; }

    [Id(7)] public List<string> HeadShas { get; set; } = [];

    [Id(8)] public long CommitsSeen { get; set; }

    [Id(9)] public List<string> RecentCommits { get; set; } = [];

    [Id(10)] public long Comments { get; set; }

    [Id(11)] public long ReviewComments { get; set; }

    [Id(12)] public List<HumanReview> Reviews { get; set; } = [];

    [Id(13)] public List<CheckResult> Checks { get; set; } = [];

    [Id(14)] public List<TriageRecord> Triages { get; set; } = [];

    [Id(15)] public List<ReviewDispatch> ReviewDispatches { get; set; } = [];

    [Id(16)] public List<AgentSummary> AgentSummaries { get; set; } = [];

    [Id(17)] public List<SessionEscalation> Escalations { get; set; } = [];

    [Id(18)] public long EventsApplied { get; set; }

    [Id(19)] public Dictionary<string, long> EventCounts { get; set; } = new(StringComparer.Ordinal);

    [Id(20)] public long Folded { get; set; }

    [Id(21)] public List<FoldedSpan> FoldedSpans { get; set; } = [];

    [Id(22)] public List<SessionLogEntry> Log { get; set; } = [];

    [Id(23)] public List<string> RecentDeliveries { get; set; } = [];

    [Id(24)] public DateTimeOffset FirstEventAt { get; set; }

    [Id(25)] public DateTimeOffset LastEventAt { get; set; }

    /// <summary>The token limit the session last set on its ledger (set once per configured value, so a person's raise stands).</summary>
    [Id(26)] public long? LimitSet { get; set; }

    /// <summary>An escalation is open: the ledger was exhausted and agent work stays stopped until it has room again.</summary>
    [Id(27)] public bool BudgetEscalated { get; set; }

    [Id(28)] public string? Body { get; set; }
}

/// <summary>Older log events folded into one line: their sequence range, time range and counts by event.</summary>
[GenerateSerializer, Alias("commune.github.FoldedSpan")]
public sealed class FoldedSpan
{
    [Id(0)] public long FirstSequence { get; set; }

    [Id(1)] public long LastSequence { get; set; }

    [Id(2)] public DateTimeOffset From { get; set; }

    [Id(3)] public DateTimeOffset To { get; set; }

    [Id(4)] public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);
}
