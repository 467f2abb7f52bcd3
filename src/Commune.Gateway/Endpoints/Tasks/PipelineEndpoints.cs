using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>
/// Pipelines over HTTP (seed 002's pipeline pattern): ordered stages by role, each stage a task whose input is the previous stage's result.
/// Agents work the stages through the ordinary task routes (<c>GET /v1/tasks/next?role=…</c>, claim, complete, fail).
/// </summary>
public static class PipelineEndpoints
{
    public static RouteGroupBuilder MapPipelineEndpoints(this RouteGroupBuilder v1)
    {
        var pipelines = v1.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapPost("", CreateAsync).WithName("CreatePipeline")
            .WithSummary("Starts a pipeline: creates the first stage's task with the input; each completed stage's result becomes the next stage's input.");
        pipelines.MapGet("/{id}", GetAsync).WithName("GetPipeline").WithSummary("One pipeline with its stages, their tasks and outputs.");
        pipelines.MapPost("/{id}/cancel", CancelAsync).WithName("CancelPipeline")
            .WithSummary("Cancels a running pipeline and its running stage's task; later stages are never created.");
        return v1;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreatePipelineRequest>(
            context.Request, "a pipeline {\"title\": …, \"stages\": [{\"name\": …, \"role\": …}, …], \"input\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Id is { Length: 0 })
        {
            return Unprocessable("id must not be empty; leave it out to have one chosen.");
        }

        var stages = new List<PipelineStage>();
        for (var i = 0; i < (body.Stages?.Count ?? 0); i++)
        {
            if (body.Stages![i] is not { } stage)
            {
                return Unprocessable($"stages[{i}] is null.");
            }

            stages.Add(new PipelineStage(stage.Name ?? "", stage.Role ?? "", stage.Title, stage.Description, stage.MaxAttempts));
        }

        var id = body.Id ?? "pipeline_" + Guid.NewGuid().ToString("N");
        var spec = new PipelineSpec(id, body.Title ?? "", stages, JsonBody.Raw(body.Input), body.CreatedBy);
        var reply = await grains.GetGrain<IPipelineGrain>(id).StartAsync(spec);
        return reply.Error is { } error
            ? Problem(error)
            : Results.Created($"/v1/pipelines/{Uri.EscapeDataString(id)}", PipelineResponse.From(reply.Pipeline!));
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        await grains.GetGrain<IPipelineGrain>(id).GetAsync() is { } pipeline
            ? Results.Ok(PipelineResponse.From(pipeline))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such pipeline", detail: $"There is no pipeline '{id}'.");

    private static async Task<IResult> CancelAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CancelPipelineRequest>(context.Request, "{\"reason\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > 5_000)
        {
            return TaskProblems.Invalid("reason is required (at most 5,000 characters).");
        }

        var reply = await grains.GetGrain<IPipelineGrain>(id).CancelAsync(body.Reason);
        return reply.Error is { } error ? Problem(error, reply.Pipeline) : Results.Ok(PipelineResponse.From(reply.Pipeline!));
    }

    /// <summary>The task error codes with the task routes' statuses, titled for pipelines.</summary>
    private static IResult Problem(TaskError error, PipelineView? pipeline = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = TaskProblems.Code(error.Code), ["items"] = error.Details };
        if (pipeline is not null)
        {
            extensions["pipeline_status"] = pipeline.Status.Name();
        }

        var title = error.Code switch
        {
            TaskErrorCode.NotFound => "No such pipeline",
            TaskErrorCode.AlreadyExists => "Pipeline exists",
            TaskErrorCode.Finished => "Pipeline finished",
            _ => "Pipeline not acceptable",
        };
        return Results.Problem(statusCode: TaskProblems.Status(error.Code), title: title, detail: error.Message, extensions: extensions);
    }

    private static IResult Unprocessable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Pipeline not acceptable", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = "invalid" });
}
