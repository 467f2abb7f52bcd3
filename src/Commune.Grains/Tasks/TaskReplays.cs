using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>
/// Recognises a command that was already applied. A client that got a 503 or a timeout cannot tell whether its command was kept; it
/// retries, and a retry of an applied command answers the same success instead of 409, so "unavailable but applied" costs nothing.
/// The fencing epoch makes this exact: one claim has one epoch, so the same agent, epoch and text can only be the same command.
/// </summary>
public static class TaskReplays
{
    /// <summary>The agent completed the task at this epoch with this result.</summary>
    public static bool IsCompleted(TaskState s, string agentId, long epoch, string result) =>
        s.Spec is not null && s.Status == WorkStatus.Completed && s.Result == result && s.Attempts.Count > 0
        && s.Attempts[^1] is { Outcome: "completed" } last && last.AgentId == agentId && last.Epoch == epoch;

    /// <summary>The agent's attempt at this epoch failed with this error (a retry may already have started since).</summary>
    public static bool IsFailed(TaskState s, string agentId, long epoch, string error) =>
        s.Spec is not null && s.Attempts.Exists(a => a.Outcome == "failed" && a.AgentId == agentId && a.Epoch == epoch && a.Error == error);

    /// <summary>The agent submitted this result at this epoch; it is waiting for review or was approved since.</summary>
    public static bool IsSubmitted(TaskState s, string agentId, long epoch, string result) =>
        (s.Spec is not null && s.Status == WorkStatus.PendingReview && s.AgentId == agentId && s.Epoch == epoch && s.Result == result)
        || IsCompleted(s, agentId, epoch, result);

    /// <summary>The task was created with exactly this spec and these subtasks (a batch retried after a partial failure).</summary>
    public static bool IsCreated(TaskState s, TaskSpec spec, IReadOnlyList<string> children) =>
        s.Spec is { } stored && SameSpec(stored, spec with { Id = stored.Id })
        && s.Children.ToHashSet(StringComparer.Ordinal).SetEquals(children);

    /// <summary>Spec equality by value: the records hold lists, which compare by reference.</summary>
    public static bool SameSpec(TaskSpec a, TaskSpec b) => TaskJson.Serialize(a) == TaskJson.Serialize(b);
}
