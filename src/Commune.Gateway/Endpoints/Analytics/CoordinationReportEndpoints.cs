using System.Globalization;
using Commune.Analytics;
using Commune.Gateway.Endpoints.Agents;
using Commune.Grains.Agents;

namespace Commune.Gateway.Endpoints.Analytics;

/// <summary>
/// Live coordination (issue 7): team membership, explicit observations, the sliding-window report and the team list the
/// <c>/coordination</c> page picks from. Recording from agents' own activity needs no call here: the audit feed does it.
/// </summary>
public static class CoordinationReportEndpoints
{
    public const int MaxObservations = 10_000;
    public const int MaxAgents = 200;
    public const int MaxLabelLength = 64;

    public static RouteGroupBuilder MapCoordinationReportEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/coordination").WithTags("Coordination");
        group.MapGet("/report", ReportAsync).WithName("CoordinationReport")
            .WithSummary("A team's live coordination over a window of recent steps: pairwise MI, leader→follower, synergy and redundancy with p-values, specialization, the practical criterion, advice, and the report history.");
        group.MapGet("/teams", ListAsync).WithName("ListCoordinationTeams").WithSummary("Teams with recorded activity, most recently seen first.");
        group.MapPost("/teams/{team}/members", AddMembersAsync).WithName("AddCoordinationMembers")
            .WithSummary("Adds agents to a team: their messages and task actions are recorded for it from now on.");
        group.MapDelete("/teams/{team}/members/{agent}", RemoveMemberAsync).WithName("RemoveCoordinationMember")
            .WithSummary("Removes an agent from a team (its recorded steps stay until they age out).");
        group.MapPost("/teams/{team}/observations", ObserveAsync).WithName("RecordCoordinationObservations")
            .WithSummary("Records observations explicitly (external agents, model outcomes, review verdicts, or exact steps for experiments).");
        return v1;
    }

    private static ICoordinationGrain Team(IGrainFactory grains, string team) => grains.GetGrain<ICoordinationGrain>(team);

    /// <summary>A path segment may carry an escaped '/' (<c>review:owner%2Frepo#1</c>); routing leaves that escape in place.</summary>
    private static string TeamName(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> ReportAsync(
        IGrainFactory grains, string? team, string? window, string? permutations, string? seed)
    {
        if (CoordinationTeams.Problem(team) is { } problem)
        {
            return AgentProblems.Invalid(problem);
        }

        int? steps = null;
        TimeSpan? duration = null;
        if (window is not null && !ReportWindow.TryParse(window, out steps, out duration))
        {
            return AgentProblems.Invalid($"window must be a whole number of steps (e.g. 120) or a positive duration (e.g. 90s, 15m, 2h), not '{window}'.");
        }

        int? count = null;
        if (permutations is not null)
        {
            if (!int.TryParse(permutations, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return AgentProblems.Invalid($"permutations must be a whole number, not '{permutations}'.");
            }

            count = p;
        }

        int? seedValue = null;
        if (seed is not null)
        {
            if (!int.TryParse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s))
            {
                return AgentProblems.Invalid($"seed must be a whole number, not '{seed}'.");
            }

            seedValue = s;
        }

        var reply = await Team(grains, team!).ReportAsync(new CoordinationQuery(steps, duration, count, seedValue));
        if (reply.NotFound)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such team",
                detail: $"Nothing was recorded for team '{team}'. Add members with POST /v1/coordination/teams/{{team}}/members, or use pool:{{pool}} or spawn:{{parent}}.",
                extensions: new Dictionary<string, object?> { ["code"] = "not_found" });
        }

        return reply.Invalid is { } rule
            ? Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Window not acceptable", detail: rule,
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_window" })
            : Results.Ok(reply.Report);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok(new { teams = await grains.GetGrain<ICoordinationTeamListGrain>(ICoordinationTeamListGrain.Key).ListAsync() });

    private static async Task<IResult> AddMembersAsync(string team, HttpContext context, IGrainFactory grains)
    {
        team = TeamName(team);
        if (CoordinationTeams.Problem(team) is { } problem)
        {
            return AgentProblems.Invalid(problem);
        }

        var (body, invalid) = await JsonBody.ReadAsync<TeamMembersRequest>(context.Request, "{\"agents\": [\"agent id\", …]}");
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.Agents is not { Count: > 0 } agents || agents.Count > MaxAgents)
        {
            return AgentProblems.Invalid($"agents must list 1 to {MaxAgents} agent ids.");
        }

        if (agents.Where(a => !AgentNames.IsValid(a, AgentNames.MaxIdLength)).Select(a => a ?? "null").FirstOrDefault() is { } bad)
        {
            return AgentProblems.Invalid($"{AgentNames.Rule("each agent id", AgentNames.MaxIdLength)}; '{bad}' is not.");
        }

        var members = await Team(grains, team).AddMembersAsync([.. agents.OfType<string>()]);
        return Results.Ok(new { team, members });
    }

    private static async Task<IResult> RemoveMemberAsync(string team, string agent, IGrainFactory grains)
    {
        team = TeamName(team);
        if (CoordinationTeams.Problem(team) is { } problem)
        {
            return AgentProblems.Invalid(problem);
        }

        if (!AgentNames.IsValid(agent, AgentNames.MaxIdLength))
        {
            return AgentProblems.Invalid(AgentNames.Rule("agent", AgentNames.MaxIdLength));
        }

        var members = await Team(grains, team).RemoveMemberAsync(agent);
        return Results.Ok(new { team, members });
    }

    private static async Task<IResult> ObserveAsync(string team, HttpContext context, IGrainFactory grains)
    {
        team = TeamName(team);
        if (CoordinationTeams.Problem(team) is { } problem)
        {
            return AgentProblems.Invalid(problem);
        }

        var (body, invalid) = await JsonBody.ReadAsync<ObservationsRequest>(
            context.Request, "{\"observations\": [{\"agent\": …, \"action\": …, \"role\"?: …, \"outcome\"?: \"success\"|\"failure\", \"step\"?: n, \"at\"?: time, \"task_type\"?: …}]}");
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.Observations is not { Count: > 0 } items || items.Count > MaxObservations)
        {
            return AgentProblems.Invalid($"observations must hold 1 to {MaxObservations} observations.");
        }

        var now = TimeProvider.System.GetUtcNow();
        var observations = new List<CoordinationObservation>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Check(items[i], i) is { } rule)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Observation not acceptable", detail: rule,
                    extensions: new Dictionary<string, object?> { ["code"] = "invalid", ["index"] = i });
            }

            var o = items[i]!;
            observations.Add(new CoordinationObservation(o.Agent!, o.Action!, o.Role, o.Outcome, o.At ?? now, o.Step, o.TaskType));
        }

        var recorded = await Team(grains, team).ObserveAsync(observations);
        return Results.Ok(new { team, recorded, too_old = observations.Count - recorded });
    }

    private static string? Check(ObservationRequest? o, int i) =>
        o is null ? $"observations[{i}] must be an object."
        : !AgentNames.IsValid(o.Agent, AgentNames.MaxIdLength) ? $"observations[{i}].agent: {AgentNames.Rule("agent", AgentNames.MaxIdLength)}."
        : !AgentNames.IsValid(o.Action, MaxLabelLength) ? $"observations[{i}].action: {AgentNames.Rule("action", MaxLabelLength)}."
        : o.Role is not null && !AgentNames.IsValid(o.Role, MaxLabelLength) ? $"observations[{i}].role: {AgentNames.Rule("role", MaxLabelLength)}."
        : o.TaskType is not null && !AgentNames.IsValid(o.TaskType, MaxLabelLength) ? $"observations[{i}].task_type: {AgentNames.Rule("task_type", MaxLabelLength)}."
        : !CoordinationOutcomes.IsValid(o.Outcome) ? $"observations[{i}].outcome must be \"success\", \"failure\" or absent, not '{o.Outcome}'."
        : o.Step is < 0 ? $"observations[{i}].step must not be negative."
        : null;
}
