using System.Globalization;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>Maps a refused task command to an RFC 7807 problem: the status for its code, the reason, and the items it concerns.</summary>
public static class TaskProblems
{
    public static int Status(TaskErrorCode code) => code switch
    {
        TaskErrorCode.NotFound => StatusCodes.Status404NotFound,
        TaskErrorCode.Invalid or TaskErrorCode.DoneChecksFailed => StatusCodes.Status422UnprocessableEntity,
        TaskErrorCode.Throttled => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };

    public static string Code(TaskErrorCode code) => code switch
    {
        TaskErrorCode.NotFound => "not_found",
        TaskErrorCode.AlreadyExists => "already_exists",
        TaskErrorCode.NotReady => "not_ready",
        TaskErrorCode.Taken => "taken",
        TaskErrorCode.Finished => "finished",
        TaskErrorCode.StaleEpoch => "stale_epoch",
        TaskErrorCode.WrongState => "wrong_state",
        TaskErrorCode.Throttled => "throttled",
        TaskErrorCode.Invalid => "invalid",
        TaskErrorCode.DoneChecksFailed => "done_checks_failed",
        _ => code.ToString(),
    };

    public static IResult Problem(HttpContext context, TaskError error, TaskView? task = null)
    {
        if (error.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var extensions = new Dictionary<string, object?> { ["code"] = Code(error.Code), ["items"] = error.Details };
        if (task is not null)
        {
            extensions["task_status"] = task.Status.Name();
            extensions["epoch"] = task.Epoch;
        }

        return Results.Problem(statusCode: Status(error.Code), title: Title(error.Code), detail: error.Message, extensions: extensions);
    }

    public static IResult Invalid(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    private static string Title(TaskErrorCode code) => code switch
    {
        TaskErrorCode.NotFound => "No such task",
        TaskErrorCode.AlreadyExists => "Task exists",
        TaskErrorCode.NotReady => "Task not ready",
        TaskErrorCode.Taken => "Task already claimed",
        TaskErrorCode.Finished => "Task finished",
        TaskErrorCode.StaleEpoch => "Stale epoch",
        TaskErrorCode.WrongState => "Not allowed in the task's status",
        TaskErrorCode.Throttled => "Claiming too often",
        TaskErrorCode.DoneChecksFailed => "Definition of done not met",
        _ => "Task not acceptable",
    };
}
