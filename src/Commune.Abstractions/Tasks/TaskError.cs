namespace Commune.Tasks;

/// <summary>A refused task command: the reason, the items it concerns (unknown ids, a cycle, failing checks) and, when throttled, how long to wait.</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskError")]
public sealed record TaskError(
    [property: Id(0)] TaskErrorCode Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyList<string> Details,
    [property: Id(3)] TimeSpan? RetryAfter = null)
{
    public static TaskError Of(TaskErrorCode code, string message, params IReadOnlyList<string> details) => new(code, message, details);
}
