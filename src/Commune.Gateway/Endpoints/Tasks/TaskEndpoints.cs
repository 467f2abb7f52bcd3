using System.Globalization;
using Commune.Agents;
using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>
/// The task graph over HTTP (seed 002's task_create, task_next, task_claim, task_update, task_complete and the collaboration patterns).
/// Each endpoint validates its input, makes one grain call and maps a refusal to a problem; the grains hold every rule.
/// </summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder v1)
    {
        var tasks = v1.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", CreateAsync).WithName("CreateTask")
            .WithSummary("Creates a task; blocked until its dependencies complete. Unknown dependencies → 422.");
        tasks.MapPost("/batch", CreateBatchAsync).WithName("CreateTasks")
            .WithSummary("Creates tasks that may depend on each other, in any order; a cycle → 422 naming it, and nothing is written.");
        tasks.MapGet("", ListAsync).WithName("ListTasks").WithSummary("Tasks, newest first, by status and tag.");
        tasks.MapGet("/counts", CountAsync).WithName("CountTasks").WithSummary("Task counts by status.");
        tasks.MapGet("/next", NextAsync).WithName("NextTask")
            .WithSummary("The best ready task for the agent (priority, then age, with aging), held back from others for a few seconds; 204 when none.");
        tasks.MapGet("/{id}", GetAsync).WithName("GetTask").WithSummary("One task.");
        tasks.MapPost("/{id}/claim", ClaimAsync).WithName("ClaimTask")
            .WithSummary("Claims the task: exactly one concurrent caller wins; the others get 409.");
        tasks.MapPatch("/{id}", UpdateAsync).WithName("UpdateTask").WithSummary("Notes, progress and checkpoint from the holder; renews the lease.");
        tasks.MapPost("/{id}/heartbeat", RenewAsync).WithName("RenewTaskLease").WithSummary("Renews the holder's lease.");
        tasks.MapPost("/{id}/release", ReleaseAsync).WithName("ReleaseTask").WithSummary("The holder lets go; the task returns to pending with its checkpoint.");
        tasks.MapPost("/{id}/complete", CompleteAsync).WithName("CompleteTask")
            .WithSummary("Completes with a result, if the definition-of-done checks pass (else 422 listing them).");
        tasks.MapPost("/{id}/fail", FailAsync).WithName("FailTask")
            .WithSummary("Fails the attempt: retried with the error as context up to max attempts, then failed and escalated.");
        tasks.MapPost("/{id}/submit", SubmitAsync).WithName("SubmitTaskForReview").WithSummary("Submits the work for review (pending_review).");
        tasks.MapPost("/{id}/review", ReviewAsync).WithName("ReviewTask")
            .WithSummary("Another agent approves (completed) or requests changes (in_progress with the issues attached).");
        tasks.MapPost("/{id}/cancel", CancelAsync).WithName("CancelTask").WithSummary("Cancels an unfinished task; dependents are told.");
        tasks.MapPost("/{id}/partial_results", PartialResultAsync).WithName("AddPartialResult")
            .WithSummary("Records a subtask's partial result on its parent (seed 002's partial_result).");
        return v1;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTaskRequest>(context.Request, "a task {\"title\": …, \"depends_on\": […], …}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.ToSpec(body!, out var spec) is { } invalid)
        {
            return invalid;
        }

        var reply = await Board(grains).CreateAsync([spec!]);
        if (reply.Error is { } error)
        {
            return TaskProblems.Problem(context, error);
        }

        var task = reply.Tasks[0];
        return Results.Created($"/v1/tasks/{Uri.EscapeDataString(task.Spec.Id)}", TaskResponse.From(task));
    }

    private static async Task<IResult> CreateBatchAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTaskBatchRequest>(context.Request, "{\"tasks\": [ {\"id\": …, \"title\": …, \"depends_on\": […]}, … ]}");
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Tasks is not { Count: > 0 } requests)
        {
            return TaskProblems.Invalid("tasks must be a non-empty array.");
        }

        var specs = new List<TaskSpec>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                return TaskProblems.Invalid($"tasks[{i}] is null.");
            }

            if (TaskRequests.ToSpec(requests[i], out var spec, $"tasks[{i}].") is { } invalid)
            {
                return invalid;
            }

            specs.Add(spec!);
        }

        var reply = await Board(grains).CreateAsync(specs);
        return reply.Error is { } error
            ? TaskProblems.Problem(context, error)
            : Results.Created("/v1/tasks", new { tasks = reply.Tasks.Select(TaskResponse.From).ToArray() });
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, string? status, string? tag, string? limit)
    {
        WorkStatus? wanted = null;
        if (status is not null)
        {
            if (!WorkStatusNames.TryParse(status, out var parsed))
            {
                return TaskProblems.Invalid($"status '{status}' is not one of: {string.Join(", ", WorkStatusNames.All)}.");
            }

            wanted = parsed;
        }

        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 1000))
        {
            return TaskProblems.Invalid($"limit must be a whole number between 1 and 1000, not '{limit}'.");
        }

        var list = await Board(grains).ListAsync(wanted, string.IsNullOrEmpty(tag) ? null : tag, count);
        return Results.Ok(new { tasks = list.Select(TaskSummaryResponse.From).ToArray() });
    }

    private static async Task<IResult> CountAsync(IGrainFactory grains)
    {
        var counts = await Board(grains).CountAsync();
        return Results.Ok(WorkStatusNames.All.ToDictionary(n => n, n => WorkStatusNames.TryParse(n, out var s) ? counts.GetValueOrDefault(s) : 0));
    }

    private static async Task<IResult> NextAsync(IGrainFactory grains, string? agent_id, string? tags, string? capabilities, string? role)
    {
        if (TaskRequests.AgentProblem(agent_id) is { } problem)
        {
            return problem;
        }

        // A registered agent is offered work by what it registered; a caller that passes capabilities or a role overrides that.
        var agent = await grains.GetGrain<IAgentGrain>(agent_id!).GetAsync();
        var wanted = TaskRequests.List(capabilities);
        var query = new TaskQuery(
            agent_id!,
            TaskRequests.List(tags),
            wanted.Count > 0 ? wanted : agent?.Capabilities ?? [],
            string.IsNullOrEmpty(role) ? agent?.Role : role);
        var task = await Board(grains).NextAsync(query);
        return task is null ? Results.NoContent() : Results.Ok(TaskResponse.From(task));
    }

    /// <summary>A registered agent claims only while it has room and has not ended (unregistered callers are not checked).</summary>
    private static IResult? AgentProblem(AgentView agent)
    {
        if (agent.EndedAt is not null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Agent ended",
                detail: $"Agent '{agent.Id}' ended at {agent.EndedAt:O}; register it again before claiming.",
                extensions: new Dictionary<string, object?> { ["code"] = "agent_ended", ["items"] = new[] { agent.Id } });
        }

        if (agent.HeldTasks.Count >= agent.MaxConcurrentTasks)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Agent at capacity",
                detail: $"Agent '{agent.Id}' already holds {agent.HeldTasks.Count} of its {agent.MaxConcurrentTasks} concurrent tasks " +
                        $"({string.Join(", ", agent.HeldTasks)}); finish or release one first.",
                extensions: new Dictionary<string, object?> { ["code"] = "agent_at_capacity", ["items"] = agent.HeldTasks });
        }

        return null;
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        var task = await Task(grains, id).GetAsync();
        return task is null
            ? Results.Problem(statusCode: 404, title: "No such task", detail: $"There is no task '{id}'.")
            : Results.Ok(TaskResponse.From(task));
    }

    private static async Task<IResult> ClaimAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClaimRequest>(context.Request, "{\"agent_id\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.AgentProblem(body!.AgentId) is { } invalid)
        {
            return invalid;
        }

        TimeSpan? lease = null;
        if (body.LeaseSeconds is { } seconds)
        {
            if (seconds is < 1 or > 86_400 || double.IsNaN(seconds))
            {
                return TaskProblems.Invalid($"lease_seconds must be between 1 and 86400, not {seconds}.");
            }

            lease = TimeSpan.FromSeconds(seconds);
        }

        var agent = await grains.GetGrain<IAgentGrain>(body.AgentId!).GetAsync();
        if (agent is not null && AgentProblem(agent) is { } refused)
        {
            return refused;
        }

        var reply = await Task(grains, id).ClaimAsync(body.AgentId!, body.Capabilities ?? agent?.Capabilities ?? [], lease);
        if (reply.Error is { } error)
        {
            return TaskProblems.Problem(context, error, reply.Task);
        }

        var task = reply.Task!;
        return Results.Ok(new ClaimResponse(task.Spec.Id, task.AgentId!, task.Epoch, task.LeaseExpiresAt, JsonBody.Parse(task.Checkpoint), task.Constraints, TaskResponse.From(task)));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<UpdateTaskRequest>(context.Request, "{\"agent_id\": …, \"epoch\": …, \"notes\": …, \"progress\": 0–100, \"checkpoint\": {…}}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.AgentProblem(body!.AgentId) is { } invalid)
        {
            return invalid;
        }

        if (body.Notes is null && body.Progress is null && JsonBody.Raw(body.Checkpoint) is null)
        {
            return TaskProblems.Invalid("Send at least one of notes, progress or checkpoint.");
        }

        var update = new TaskUpdate(body.AgentId!, body.Epoch, body.Notes, body.Progress, JsonBody.Raw(body.Checkpoint));
        return Reply(context, await Task(grains, id).UpdateAsync(update));
    }

    private static Task<IResult> RenewAsync(string id, HttpContext context, IGrainFactory grains) =>
        HolderAsync(context, (body, epoch) => Task(grains, id).RenewAsync(body.AgentId!, epoch));

    private static Task<IResult> ReleaseAsync(string id, HttpContext context, IGrainFactory grains) =>
        HolderAsync(context, (body, epoch) => Task(grains, id).ReleaseAsync(body.AgentId!, epoch, body.Reason));

    private static Task<IResult> CompleteAsync(string id, HttpContext context, IGrainFactory grains) =>
        HolderAsync(context, (body, epoch) => Task(grains, id).CompleteAsync(body.AgentId!, epoch, JsonBody.Raw(body.Result)!), needsResult: true);

    private static Task<IResult> SubmitAsync(string id, HttpContext context, IGrainFactory grains) =>
        HolderAsync(context, (body, epoch) => Task(grains, id).SubmitForReviewAsync(body.AgentId!, epoch, JsonBody.Raw(body.Result)!), needsResult: true);

    private static Task<IResult> FailAsync(string id, HttpContext context, IGrainFactory grains) =>
        HolderAsync(context, (body, epoch) => Task(grains, id).FailAsync(body.AgentId!, epoch, body.Error!), needsError: true);

    private static async Task<IResult> ReviewAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReviewRequest>(context.Request, "{\"agent_id\": …, \"approved\": true|false, \"issues\": […]}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.AgentProblem(body!.AgentId) is { } invalid)
        {
            return invalid;
        }

        if (body.Approved is not { } approved)
        {
            return TaskProblems.Invalid("approved (true or false) is required.");
        }

        var issues = body.Issues ?? [];
        if (issues.Count > 100 || issues.Any(i => string.IsNullOrWhiteSpace(i) || i.Length > 5_000))
        {
            return TaskProblems.Invalid("issues: at most 100 non-empty entries of at most 5,000 characters.");
        }

        return Reply(context, await Task(grains, id).ReviewAsync(body.AgentId!, approved, issues));
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CancelRequest>(context.Request, "{\"reason\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > 5_000)
        {
            return TaskProblems.Invalid("reason is required (at most 5,000 characters).");
        }

        return Reply(context, await Task(grains, id).CancelAsync(body.By, body.Reason));
    }

    private static async Task<IResult> PartialResultAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<PartialResultRequest>(context.Request, "{\"subtask_id\": …, \"agent_id\": …, \"result\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.AgentProblem(body!.AgentId) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(body.SubtaskId) || JsonBody.Raw(body.Result) is not { } result)
        {
            return TaskProblems.Invalid("subtask_id and result are required.");
        }

        var status = body.Status ?? "success";
        if (status is not ("success" or "failed"))
        {
            return TaskProblems.Invalid($"status must be 'success' or 'failed', not '{status}'.");
        }

        var partial = new PartialResult(body.SubtaskId, body.AgentId, status, result, DateTimeOffset.UtcNow);
        return Reply(context, await Task(grains, id).AddPartialResultAsync(partial));
    }

    private static async Task<IResult> HolderAsync(
        HttpContext context, Func<HolderRequest, long, Task<TaskReply>> command, bool needsResult = false, bool needsError = false)
    {
        var (body, problem) = await JsonBody.ReadAsync<HolderRequest>(context.Request, "{\"agent_id\": …, \"epoch\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (TaskRequests.AgentProblem(body!.AgentId) is { } invalid)
        {
            return invalid;
        }

        if (body.Epoch is not { } epoch)
        {
            return TaskProblems.Invalid("epoch is required: send the epoch your claim returned.");
        }

        if (needsResult && JsonBody.Raw(body.Result) is null)
        {
            return TaskProblems.Invalid("result is required (any JSON value but null).");
        }

        if (needsError && string.IsNullOrWhiteSpace(body.Error))
        {
            return TaskProblems.Invalid("error is required: say what went wrong, so the next attempt can avoid it.");
        }

        return Reply(context, await command(body, epoch));
    }

    private static IResult Reply(HttpContext context, TaskReply reply) =>
        reply.Error is { } error ? TaskProblems.Problem(context, error, reply.Task) : Results.Ok(TaskResponse.From(reply.Task!));

    private static ITaskBoardGrain Board(IGrainFactory grains) => grains.GetGrain<ITaskBoardGrain>(0);

    private static ITaskGrain Task(IGrainFactory grains, string id) => grains.GetGrain<ITaskGrain>(id);
}
