namespace Commune.Tasks;

/// <summary>The wire names of <see cref="WorkStatus"/> (snake_case, as in the HTTP API).</summary>
public static class WorkStatusNames
{
    private static readonly Dictionary<WorkStatus, string> Names = new()
    {
        [WorkStatus.Blocked] = "blocked",
        [WorkStatus.Pending] = "pending",
        [WorkStatus.Claimed] = "claimed",
        [WorkStatus.InProgress] = "in_progress",
        [WorkStatus.PendingReview] = "pending_review",
        [WorkStatus.Completed] = "completed",
        [WorkStatus.Failed] = "failed",
        [WorkStatus.Cancelled] = "cancelled",
    };

    private static readonly Dictionary<string, WorkStatus> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => Names.Values;

    public static string Name(this WorkStatus status) => Names[status];

    public static bool TryParse(string? name, out WorkStatus status) => ByName.TryGetValue(name ?? "", out status);

    /// <summary>Completed, failed and cancelled: nothing more happens to the task.</summary>
    public static bool IsTerminal(this WorkStatus status) => status is WorkStatus.Completed or WorkStatus.Failed or WorkStatus.Cancelled;

    /// <summary>Claimed, in progress or in review: an agent holds it.</summary>
    public static bool IsHeld(this WorkStatus status) => status is WorkStatus.Claimed or WorkStatus.InProgress or WorkStatus.PendingReview;
}
