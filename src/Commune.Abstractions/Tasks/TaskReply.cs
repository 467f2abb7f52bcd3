namespace Commune.Tasks;

/// <summary>A task command's answer: the task as it is now, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskReply")]
public sealed record TaskReply([property: Id(0)] TaskView? Task, [property: Id(1)] TaskError? Error)
{
    public bool Succeeded => Error is null;

    public static TaskReply Ok(TaskView task) => new(task, null);

    public static TaskReply Refused(TaskError error, TaskView? task = null) => new(task, error);

    public static TaskReply Refused(TaskErrorCode code, string message, params IReadOnlyList<string> details) => new(null, TaskError.Of(code, message, details));
}
