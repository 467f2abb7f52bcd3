namespace Commune.Tasks;

/// <summary>A task's place in its life (★ DESIGN.md statuses). Named apart from System.Threading.Tasks.TaskStatus.</summary>
public enum WorkStatus
{
    Blocked,
    Pending,
    Claimed,
    InProgress,
    PendingReview,
    Completed,
    Failed,
    Cancelled,
}
