namespace Commune.Tasks;

/// <summary>Why a task command was refused; the gateway maps each to an HTTP status.</summary>
public enum TaskErrorCode
{
    /// <summary>404: no such task.</summary>
    NotFound,

    /// <summary>409: a task with that id exists.</summary>
    AlreadyExists,

    /// <summary>409: the task waits on unfinished dependencies or subtasks.</summary>
    NotReady,

    /// <summary>409: another agent holds the task.</summary>
    Taken,

    /// <summary>409: the task is completed, failed or cancelled.</summary>
    Finished,

    /// <summary>409: the caller's epoch is not the current claim's (its lease expired and the task moved on).</summary>
    StaleEpoch,

    /// <summary>409: the caller does not hold the task, or the command does not fit the task's status.</summary>
    WrongState,

    /// <summary>429: the agent claimed and let go of this task too often.</summary>
    Throttled,

    /// <summary>422: the request is well-formed but not acceptable (unknown dependency, cycle, capability, size, …).</summary>
    Invalid,

    /// <summary>422: the completion fails the task's definition-of-done checks.</summary>
    DoneChecksFailed,
}
