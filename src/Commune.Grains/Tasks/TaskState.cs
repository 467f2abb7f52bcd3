using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>A task's persisted state. <see cref="Spec"/> is null until the task is created.</summary>
[GenerateSerializer, Alias("commune.tasks.TaskState")]
public sealed class TaskState
{
    [Id(0)] public TaskSpec? Spec { get; set; }

    [Id(1)] public WorkStatus Status { get; set; }

    [Id(2)] public string? StatusReason { get; set; }

    /// <summary>Dependencies not yet completed.</summary>
    [Id(3)] public List<string> WaitingOn { get; set; } = [];

    /// <summary>Dependencies and subtasks that failed or were cancelled, with why.</summary>
    [Id(4)] public Dictionary<string, string> Broken { get; set; } = [];

    [Id(5)] public List<string> Dependents { get; set; } = [];

    [Id(6)] public List<string> Children { get; set; } = [];

    /// <summary>Subtasks not yet completed.</summary>
    [Id(7)] public List<string> ChildrenWaiting { get; set; } = [];

    [Id(8)] public string? AgentId { get; set; }

    /// <summary>The fencing token: increases with every claim and every loss of one (release, expiry, failure, cancellation).</summary>
    [Id(9)] public long Epoch { get; set; }

    [Id(10)] public DateTimeOffset? LeaseExpiresAt { get; set; }

    [Id(11)] public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Failed attempts (the count max attempts is compared with).</summary>
    [Id(12)] public int FailedAttempts { get; set; }

    [Id(13)] public List<TaskAttempt> Attempts { get; set; } = [];

    [Id(14)] public List<string> Constraints { get; set; } = [];

    [Id(15)] public List<string> Notes { get; set; } = [];

    [Id(16)] public int Progress { get; set; }

    [Id(17)] public string? Checkpoint { get; set; }

    [Id(18)] public string? Result { get; set; }

    [Id(19)] public string? Error { get; set; }

    [Id(20)] public List<TaskReview> Reviews { get; set; } = [];

    [Id(21)] public List<PartialResult> PartialResults { get; set; } = [];

    /// <summary>Claims by agent that ended in a release or an expiry: the thrashing guard's memory.</summary>
    [Id(22)] public List<ThrashMark> Thrash { get; set; } = [];

    [Id(23)] public DateTimeOffset CreatedAt { get; set; }

    [Id(24)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(25)] public DateTimeOffset? CompletedAt { get; set; }

    [Id(26)] public long Version { get; set; }

    /// <summary>Finished, but dependents, parent or pipeline have not all been told yet (an outbox flag).</summary>
    [Id(27)] public bool Unsettled { get; set; }

    /// <summary>The lease the current claim asked for (null: the configured default); renewals extend the lease by this much.</summary>
    [Id(28)] public TimeSpan? LeaseLength { get; set; }

    /// <summary>When the holder claimed or last reported progress; null while nobody holds the task. Lease renewals do not move it.</summary>
    [Id(29)] public DateTimeOffset? ProgressAt { get; set; }
}
