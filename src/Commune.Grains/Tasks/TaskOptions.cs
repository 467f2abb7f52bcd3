namespace Commune.Grains.Tasks;

/// <summary>The task graph's settings (<c>Tasks:*</c>).</summary>
public sealed class TaskOptions
{
    public const string SectionName = "Tasks";

    /// <summary>Queue shards the index is spread over. Changing it on a cluster with tasks orphans their index entries: set it once.</summary>
    public int QueueShards { get; set; } = 4;

    /// <summary>A claim's lease when the claimer asks for none; progress updates and heartbeats renew it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest lease a claimer may ask for.</summary>
    public TimeSpan MaxLeaseDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a task handed out by <c>next</c> is held back from other agents before it is offered again.</summary>
    public TimeSpan OfferHold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Waiting this long raises a ready task by one priority level, so low-priority work is not starved.</summary>
    public TimeSpan AgingPerLevel { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each shard looks for expired leases (a task grain's own timer usually expires them first).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts when a task does not say (seed 003: 2–3 attempts with enriched context, then a human).</summary>
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>The most attempts a task may ask for.</summary>
    public int MaxAttemptsLimit { get; set; } = 10;

    /// <summary>What a dependency's failure or cancellation does to its dependents: <c>block</c> (stay blocked, with the reason) or <c>fail</c>.</summary>
    public string OnDependencyFailure { get; set; } = DependencyFailurePolicy.Block;

    /// <summary>Claims of one task by one agent that ended in release or expiry, within <see cref="ThrashWindow"/>, before it is throttled.</summary>
    public int ThrashLimit { get; set; } = 3;

    /// <summary>The window the thrashing guard counts over; a throttled agent waits until its oldest counted claim leaves it.</summary>
    public TimeSpan ThrashWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest checkpoint (JSON bytes, UTF-8).</summary>
    public int MaxCheckpointBytes { get; set; } = 64 * 1024;

    /// <summary>Largest result or input (JSON bytes, UTF-8).</summary>
    public int MaxResultBytes { get; set; } = 256 * 1024;

    /// <summary>Notes kept per task (oldest dropped).</summary>
    public int MaxNotes { get; set; } = 100;

    /// <summary>Most tasks in one batch create.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Most dependencies of one task.</summary>
    public int MaxDependencies { get; set; } = 200;

    /// <summary>Validates the options; the message names the key.</summary>
    public IEnumerable<string> Problems()
    {
        if (QueueShards is < 1 or > 1024)
        {
            yield return $"Tasks:QueueShards must be between 1 and 1024, not {QueueShards}.";
        }

        if (LeaseDuration <= TimeSpan.Zero || LeaseDuration > MaxLeaseDuration)
        {
            yield return $"Tasks:LeaseDuration must be above zero and at most Tasks:MaxLeaseDuration ({MaxLeaseDuration}), not {LeaseDuration}.";
        }

        if (OfferHold < TimeSpan.Zero || AgingPerLevel <= TimeSpan.Zero || SweepInterval <= TimeSpan.Zero || ThrashWindow <= TimeSpan.Zero)
        {
            yield return "Tasks:OfferHold must not be negative; Tasks:AgingPerLevel, Tasks:SweepInterval and Tasks:ThrashWindow must be above zero.";
        }

        if (DefaultMaxAttempts < 1 || DefaultMaxAttempts > MaxAttemptsLimit)
        {
            yield return $"Tasks:DefaultMaxAttempts must be between 1 and Tasks:MaxAttemptsLimit ({MaxAttemptsLimit}), not {DefaultMaxAttempts}.";
        }

        if (!DependencyFailurePolicy.IsKnown(OnDependencyFailure))
        {
            yield return $"Tasks:OnDependencyFailure must be '{DependencyFailurePolicy.Block}' or '{DependencyFailurePolicy.Fail}', not '{OnDependencyFailure}'.";
        }

        if (ThrashLimit < 1 || MaxCheckpointBytes < 1 || MaxResultBytes < 1 || MaxNotes < 1 || MaxBatch < 1 || MaxDependencies < 1)
        {
            yield return "Tasks:ThrashLimit, MaxCheckpointBytes, MaxResultBytes, MaxNotes, MaxBatch and MaxDependencies must be at least 1.";
        }
    }
}
