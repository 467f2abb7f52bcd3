using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>Turns request bodies and query strings into task records; a wrong shape is a 400/422 naming the field.</summary>
public static class TaskRequests
{
    private const int MaxAgentId = 128;

    public static IResult? ToSpec(CreateTaskRequest body, out TaskSpec? spec, string prefix = "")
    {
        spec = null;
        var priority = TaskPriority.Medium;
        if (body.Priority is not null && !TaskPriorityNames.TryParse(body.Priority, out priority))
        {
            return Unprocessable($"{prefix}priority '{body.Priority}' is not one of: {string.Join(", ", TaskPriorityNames.All)}.");
        }

        if ((body.Tags?.Any(t => t is null) ?? false) || (body.DependsOn?.Any(t => t is null) ?? false))
        {
            return Unprocessable($"{prefix}tags and depends_on must be arrays of strings.");
        }

        // The spec's 0 means "not given" (the board fills in Tasks:DefaultMaxAttempts), so an explicit 0 must be refused here.
        if (body.MaxAttempts is < 1)
        {
            return Unprocessable($"{prefix}max_attempts must be at least 1, not {body.MaxAttempts}.");
        }

        var checks = new List<DoneCheck>();
        foreach (var check in body.DoneChecks ?? [])
        {
            if (check?.Kind is null)
            {
                return Unprocessable($"{prefix}done_checks entries need a kind ({string.Join(", ", DoneCheck.Kinds)}).");
            }

            checks.Add(new DoneCheck(check.Kind, check.Fields));
        }

        spec = new TaskSpec(
            body.Id ?? "",
            body.Title ?? "",
            body.Description,
            priority,
            body.Tags ?? [],
            body.DependsOn ?? [],
            body.ParentId,
            body.Complexity,
            body.RequiredCapability,
            body.MaxAttempts ?? 0,
            checks,
            body.Role,
            JsonBody.Raw(body.Input),
            null,
            body.CreatedBy);
        return null;
    }

    public static IResult? AgentProblem(string? agentId) =>
        agentId is { Length: >= 1 and <= MaxAgentId } && !agentId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? null
            : TaskProblems.Invalid($"agent_id is required: 1–{MaxAgentId} printable characters without spaces.");

    public static IReadOnlyList<string> List(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated) ? [] : commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IResult Unprocessable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Task not acceptable", detail: detail, extensions: new Dictionary<string, object?> { ["code"] = "invalid" });
}
