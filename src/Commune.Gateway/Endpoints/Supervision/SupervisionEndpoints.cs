using System.Globalization;
using Commune.Gateway.Endpoints.Agents;
using Commune.Grains.Agents;
using Commune.Grains.Supervision;
using Commune.Supervision;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>
/// Worker pools (<c>/v1/pools</c>), the supervisor's report (<c>/v1/supervisor</c>) and spawning subagents
/// (<c>/v1/agents/{id}/spawn</c>). Each endpoint validates its input (400), makes one grain call and maps a refusal to a problem.
/// </summary>
public static class SupervisionEndpoints
{
    public const int MaxPromptLength = 20_000;
    public const int MaxTitleLength = 500;
    public const int MaxIdleRetireSeconds = 7 * 24 * 3600;

    /// <summary>Room kept in a pool name for the <c>-{n}</c> of its workers' ids.</summary>
    private const int WorkerSuffixRoom = 8;

    public static RouteGroupBuilder MapSupervisionEndpoints(this RouteGroupBuilder v1)
    {
        var pools = v1.MapGroup("/pools").WithTags("Pools");
        pools.MapPost("", DeclareAsync).WithName("DeclarePool")
            .WithSummary("Declares a worker pool (201), or updates its bounds in place (200); the supervisor keeps it between min and max.");
        pools.MapGet("", ListAsync).WithName("ListPools").WithSummary("Every pool with its workers and last scaling decision.");
        pools.MapGet("/{name}", GetAsync).WithName("GetPool").WithSummary("One pool: workers, counts, the last scaling decision and why.");
        pools.MapDelete("/{name}", DeleteAsync).WithName("DeletePool").WithSummary("Forgets the pool and retires its workers.");
        v1.MapGet("/supervisor", ReportAsync).WithTags("Pools").WithName("SupervisorReport")
            .WithSummary("The supervisor's last sweep, recent releases of offline agents' tasks, and the stuck tasks flagged now.");
        v1.MapPost("/supervisor/sweep", SweepAsync).WithTags("Pools").WithName("SupervisorSweep").WithSummary("Runs a sweep now and returns the report.");
        v1.MapPost("/agents/{id}/spawn", SpawnAsync).WithTags("Agents").WithName("SpawnSubagent")
            .WithSummary("Spawns a subagent with a profile for one delegable task; it reports task_complete to the parent and ends.");
        return v1;
    }

    private static ISupervisorGrain Supervisor(IGrainFactory grains) => grains.GetGrain<ISupervisorGrain>(ISupervisorGrain.Key);

    private static async Task<IResult> DeclareAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeclarePoolRequest>(
            context.Request, "{\"name\": …, \"role\": …, \"profile\"?: …, \"capabilities\"?: […], \"min\": n, \"max\": n, \"idle_retire_seconds\"?: s}");
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(body!) is { } invalid)
        {
            return invalid;
        }

        var spec = new PoolSpec(
            body!.Name!, body.Role!, Blank(body.Profile), body.Capabilities ?? [], body.Min ?? 0, body.Max!.Value,
            body.IdleRetireSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        var reply = await Supervisor(grains).DeclarePoolAsync(spec);
        if (reply.Error is { } error)
        {
            return AgentProblems.Problem(context, error);
        }

        var pool = PoolResponse.From(reply.Pool!);
        return reply.Created ? Results.Created($"/v1/pools/{Uri.EscapeDataString(pool.Name)}", pool) : Results.Ok(pool);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok(new { pools = (await Supervisor(grains).ListPoolsAsync()).Select(PoolResponse.From).ToArray() });

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        var pool = await Supervisor(grains).GetPoolAsync(name);
        return pool is null ? NoPool(name) : Results.Ok(PoolResponse.From(pool));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, IGrainFactory grains)
    {
        var reply = await Supervisor(grains).DeletePoolAsync(name);
        return reply.Error is { } error ? AgentProblems.Problem(context, error) : Results.Ok(PoolResponse.From(reply.Pool!));
    }

    private static async Task<IResult> ReportAsync(IGrainFactory grains) => Results.Ok(await Supervisor(grains).ReportAsync());

    private static async Task<IResult> SweepAsync(IGrainFactory grains) => Results.Ok(await Supervisor(grains).SweepAsync());

    private static async Task<IResult> SpawnAsync(string id, HttpContext context, IGrainFactory grains, IOptions<SupervisorOptions> options)
    {
        var (body, problem) = await JsonBody.ReadAsync<SpawnAgentRequest>(
            context.Request, "{\"profile\": …, \"task\": {\"title\": …, \"description\"?: …, \"input\"?: …} | \"prompt\": …, \"budget_share\"?: 0.5}");
        if (problem is not null)
        {
            return problem;
        }

        var (request, invalid) = Read(body!, options.Value);
        if (invalid is not null)
        {
            return invalid;
        }

        var reply = await grains.GetGrain<ISpawnGrain>(id).SpawnAsync(request!);
        if (reply.Error is { } error)
        {
            return AgentProblems.Problem(context, error);
        }

        var spawned = new SpawnResponse(reply.SubagentId!, reply.SessionId!, reply.TaskId!, id, reply.TokenLimit, reply.CostLimitUsd);
        return Results.Created($"/v1/agents/{Uri.EscapeDataString(spawned.SubagentId)}", spawned);
    }

    private static (SpawnRequest? Request, IResult? Problem) Read(SpawnAgentRequest body, SupervisorOptions options)
    {
        if (string.IsNullOrWhiteSpace(body.Profile) || body.Profile.Length > AgentNames.MaxIdLength)
        {
            return (null, AgentProblems.Invalid($"profile is required (a profile name of at most {AgentNames.MaxIdLength} characters; see GET /v1/profiles)."));
        }

        if ((body.Task is null) == string.IsNullOrWhiteSpace(body.Prompt))
        {
            return (null, AgentProblems.Invalid("Give exactly one of task ({\"title\": …, \"description\"?: …, \"input\"?: …}) and prompt."));
        }

        if (body.Prompt is { Length: > MaxPromptLength } || body.Task?.Description is { Length: > MaxPromptLength })
        {
            return (null, AgentProblems.Invalid($"prompt and task.description are at most {MaxPromptLength} characters."));
        }

        if (body.Task is { } task && (string.IsNullOrWhiteSpace(task.Title) || task.Title.Length > MaxTitleLength))
        {
            return (null, AgentProblems.Invalid($"task.title is required and at most {MaxTitleLength} characters."));
        }

        var share = body.BudgetShare ?? options.DefaultBudgetShare;
        if (!double.IsFinite(share) || share is <= 0 or > 1)
        {
            return (null, AgentProblems.Invalid($"budget_share must be above 0 and at most 1, not {share.ToString(CultureInfo.InvariantCulture)}."));
        }

        var role = Blank(body.Role) ?? Commune.Agents.AgentRoles.Worker;
        if (!AgentNames.IsValid(role, AgentNames.MaxRoleLength))
        {
            return (null, AgentProblems.Invalid(AgentNames.Rule("role", AgentNames.MaxRoleLength) + $", not '{role}'."));
        }

        if (AgentRequests.CapabilityProblem(body.Capabilities) is { } badCapabilities)
        {
            return (null, badCapabilities);
        }

        if (body.ParentSession is { } session && (session.Length is 0 or > 200 || session.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            return (null, AgentProblems.Invalid("parent_session is 1 to 200 printable characters without spaces."));
        }

        var prompt = body.Prompt?.Trim();
        var title = body.Task?.Title ?? FirstLine(prompt!);
        var description = body.Task is null ? prompt : body.Task.Description;
        return (new SpawnRequest(
            body.Profile, title, description, JsonBody.Raw(body.Task?.Input), share, role, body.Capabilities ?? [], body.ParentSession), null);
    }

    private static IResult? Validate(DeclarePoolRequest body)
    {
        var nameMax = AgentNames.MaxIdLength - WorkerSuffixRoom;
        if (!AgentNames.IsValid(body.Name, nameMax))
        {
            return AgentProblems.Invalid(AgentNames.Rule("name", nameMax) + $", not '{body.Name}'.");
        }

        if (!AgentNames.IsValid(body.Role, AgentNames.MaxRoleLength))
        {
            return AgentProblems.Invalid(AgentNames.Rule("role", AgentNames.MaxRoleLength) + $", not '{body.Role}'.");
        }

        if (body.Profile is { Length: > AgentNames.MaxIdLength })
        {
            return AgentProblems.Invalid($"profile is at most {AgentNames.MaxIdLength} characters.");
        }

        if (AgentRequests.CapabilityProblem(body.Capabilities) is { } badCapabilities)
        {
            return badCapabilities;
        }

        if (body.Max is not { } max)
        {
            return AgentProblems.Invalid("max is required: the most workers the pool may have.");
        }

        var min = body.Min ?? 0;
        if (min < 0 || min > max || max > 1000 || max < 1)
        {
            return AgentProblems.Invalid($"Pools need 0 ≤ min ≤ max ≤ 1000 and max ≥ 1; got min {min}, max {max}.");
        }

        if (body.IdleRetireSeconds is { } idle && (!double.IsFinite(idle) || idle < 0 || idle > MaxIdleRetireSeconds))
        {
            return AgentProblems.Invalid($"idle_retire_seconds must be between 0 and {MaxIdleRetireSeconds}.");
        }

        return null;
    }

    private static IResult NoPool(string name) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such pool",
        detail: $"There is no pool '{name}'; declare it with POST /v1/pools.",
        extensions: new Dictionary<string, object?> { ["code"] = "not_found", ["items"] = new[] { name } });

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
