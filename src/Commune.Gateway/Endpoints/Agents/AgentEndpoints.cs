using System.Globalization;
using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Messages;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>
/// Agents over HTTP (seed 002's agent_register, agent_status, agent_update_status, agent_messages). Each endpoint validates its input,
/// makes one grain call and maps a refusal to a problem.
/// </summary>
public static class AgentEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxTaskTextLength = 500;

    public static RouteGroupBuilder MapAgentEndpoints(this RouteGroupBuilder v1)
    {
        var agents = v1.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("", RegisterAsync).WithName("RegisterAgent")
            .WithSummary("Registers an agent (201), or updates it in place when the name exists (200): the name is the id.");
        agents.MapGet("", ListAsync).WithName("ListAgents").WithSummary("Agents by role, status, capability and pool, ordered by id, from the sharded directory.");
        agents.MapGet("/{id}", GetAsync).WithName("GetAgent").WithSummary("One agent.");
        agents.MapPost("/{id}/heartbeat", HeartbeatAsync).WithName("AgentHeartbeat")
            .WithSummary("The agent is alive; renews the leases of the tasks it holds. Heartbeats closer than a third of the interval are coalesced.");
        agents.MapPut("/{id}/status", SetStatusAsync).WithName("SetAgentStatus").WithSummary("Status (idle, working, offline) and current task.");
        agents.MapPost("/{id}/end", EndAsync).WithName("EndAgent").WithSummary("The agent hands off for good: offline and offered nothing until registered again.");
        agents.MapGet("/{id}/messages", InboxAsync).WithName("ReadInbox").WithSummary("Unacknowledged messages, oldest first.");
        agents.MapPost("/{id}/messages/ack", AckAsync).WithName("AckMessages").WithSummary("Removes acknowledged messages from the inbox.");
        agents.MapPost("/{id}/subscriptions", SubscribeAsync).WithName("Subscribe").WithSummary("Delivers a topic's messages from now on to the inbox.");
        agents.MapDelete("/{id}/subscriptions/{topic}", UnsubscribeAsync).WithName("Unsubscribe").WithSummary("Stops a topic subscription.");
        return v1;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterAgentRequest>(
            context.Request, "{\"name\": …, \"role\": …, \"profile\"?: …, \"capabilities\"?: […], \"max_concurrent_tasks\"?: n}");
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(body!) is { } invalid)
        {
            return invalid;
        }

        var registration = new AgentRegistration(
            body!.Name!, body.Role!, string.IsNullOrEmpty(body.Profile) ? null : body.Profile, body.Capabilities ?? [], body.MaxConcurrentTasks ?? 0,
            Subscriptions: body.Subscriptions);
        var reply = await grains.GetGrain<IAgentGrain>(registration.Name).RegisterAsync(registration);
        if (reply.Error is { } error)
        {
            return AgentProblems.Problem(context, error);
        }

        var agent = AgentResponse.From(reply.Agent!);
        return reply.Created ? Results.Created($"/v1/agents/{Uri.EscapeDataString(agent.Id)}", agent) : Results.Ok(agent);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, string? role, string? status, string? capability, string? pool, string? limit, string? after)
    {
        AgentStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!AgentStatusNames.TryParse(status, out var parsed))
            {
                return AgentProblems.Invalid($"status must be one of {AgentStatusNames.All}, not '{status}'.");
            }

            wanted = parsed;
        }

        if (ParseLimit(limit, out var count) is { } badLimit)
        {
            return badLimit;
        }

        foreach (var (name, value, max) in new[] { ("role", role, AgentNames.MaxRoleLength), ("capability", capability, AgentNames.MaxCapabilityLength), ("pool", pool, AgentNames.MaxIdLength), ("after", after, AgentNames.MaxIdLength) })
        {
            if (!string.IsNullOrEmpty(value) && !AgentNames.IsValid(value, max))
            {
                return AgentProblems.Invalid(AgentNames.Rule(name, max) + ".");
            }
        }

        var query = new AgentQuery(Blank(role), wanted, Blank(capability), Blank(pool), count + 1, Blank(after));
        var entries = await grains.GetGrain<IAgentBoardGrain>(0).QueryAsync(query);
        var page = entries.Take(count).Select(AgentSummaryResponse.From).ToArray();
        return Results.Ok(new AgentListResponse(page, entries.Count > count ? page[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        var agent = await grains.GetGrain<IAgentGrain>(id).GetAsync();
        return agent is null ? AgentProblems.NotFound(id) : Results.Ok(AgentResponse.From(agent));
    }

    private static async Task<IResult> HeartbeatAsync(string id, HttpContext context, IGrainFactory grains) =>
        Reply(context, await grains.GetGrain<IAgentGrain>(id).HeartbeatAsync());

    private static async Task<IResult> SetStatusAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<StatusRequest>(context.Request, "{\"status\": \"idle\" | \"working\" | \"offline\", \"task\"?: …}");
        if (problem is not null)
        {
            return problem;
        }

        if (!AgentStatusNames.TryParse(body!.Status, out var status))
        {
            return AgentProblems.Invalid($"status must be one of {AgentStatusNames.All}, not '{body.Status}'.");
        }

        if (body.Task is { Length: > MaxTaskTextLength } || body.Reason is { Length: > MaxTaskTextLength })
        {
            return AgentProblems.Invalid($"task and reason are at most {MaxTaskTextLength} characters.");
        }

        return Reply(context, await grains.GetGrain<IAgentGrain>(id).SetStatusAsync(status, Blank(body.Task), Blank(body.Reason)));
    }

    private static async Task<IResult> EndAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var reason = "ended by request";
        if (context.Request.ContentLength is > 0 || context.Request.HasJsonContentType())
        {
            var (body, problem) = await JsonBody.ReadAsync<EndAgentRequest>(context.Request, "{\"reason\"?: …}");
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Reason is { Length: > MaxTaskTextLength })
            {
                return AgentProblems.Invalid($"reason is at most {MaxTaskTextLength} characters.");
            }

            reason = Blank(body.Reason) ?? reason;
        }

        return Reply(context, await grains.GetGrain<IAgentGrain>(id).EndAsync(reason));
    }

    private static async Task<IResult> InboxAsync(string id, IGrainFactory grains, string? after, string? limit)
    {
        long from = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            return AgentProblems.Invalid($"after must be a whole number of 0 or more (an inbox sequence), not '{after}'.");
        }

        if (ParseLimit(limit, out var count) is { } badLimit)
        {
            return badLimit;
        }

        var page = await grains.GetGrain<IAgentGrain>(id).ReadInboxAsync(from, count);
        if (!page.AgentExists)
        {
            return AgentProblems.NotFound(id);
        }

        var messages = page.Messages.Select(InboxMessageResponse.Of).ToArray();
        return Results.Ok(new InboxResponse(messages, messages.Length > 0 ? messages[^1].Sequence : from, page.Pending));
    }

    private static async Task<IResult> AckAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<AckRequest>(context.Request, "{\"ids\": [\"msg_…\", …]}");
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Ids is not { Count: > 0 and <= MaxLimit } ids || ids.Any(string.IsNullOrEmpty))
        {
            return AgentProblems.Invalid($"ids must be an array of 1 to {MaxLimit} message ids.");
        }

        var result = await grains.GetGrain<IAgentGrain>(id).AckAsync(ids);
        return result.AgentExists ? Results.Ok(new AckResponse(result.Acknowledged, result.Unknown, result.Pending)) : AgentProblems.NotFound(id);
    }

    private static async Task<IResult> SubscribeAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<SubscribeRequest>(context.Request, "{\"topic\": …}");
        if (problem is not null)
        {
            return problem;
        }

        if (!AgentNames.IsValid(body!.Topic, Topics.MaxLength))
        {
            return AgentProblems.Invalid(AgentNames.Rule("topic", Topics.MaxLength) + ".");
        }

        return Reply(context, await grains.GetGrain<IAgentGrain>(id).SubscribeAsync(body.Topic!));
    }

    private static async Task<IResult> UnsubscribeAsync(string id, string topic, HttpContext context, IGrainFactory grains) =>
        Reply(context, await grains.GetGrain<IAgentGrain>(id).UnsubscribeAsync(topic));

    private static IResult? Validate(RegisterAgentRequest body)
    {
        if (!AgentNames.IsValid(body.Name, AgentNames.MaxIdLength))
        {
            return AgentProblems.Invalid(AgentNames.Rule("name", AgentNames.MaxIdLength) + $", not '{body.Name}'.");
        }

        if (!AgentNames.IsValid(body.Role, AgentNames.MaxRoleLength))
        {
            return AgentProblems.Invalid(
                AgentNames.Rule("role", AgentNames.MaxRoleLength) + $" (orchestrator, worker, monitor or a custom role such as code-analyzer), not '{body.Role}'.");
        }

        if (body.Profile is { Length: > AgentNames.MaxIdLength })
        {
            return AgentProblems.Invalid($"profile is at most {AgentNames.MaxIdLength} characters.");
        }

        if (AgentRequests.CapabilityProblem(body.Capabilities) is { } badCapabilities)
        {
            return badCapabilities;
        }

        if (body.MaxConcurrentTasks is { } max && max is < 1 or > AgentNames.MaxConcurrentTasksLimit)
        {
            return AgentProblems.Invalid($"max_concurrent_tasks must be between 1 and {AgentNames.MaxConcurrentTasksLimit}, not {max}.");
        }

        var topics = body.Subscriptions ?? [];
        if (topics.Count > AgentNames.MaxCapabilities || AgentRequests.FirstInvalid(topics, Topics.MaxLength) is not null)
        {
            return AgentProblems.Invalid($"subscriptions: at most {AgentNames.MaxCapabilities} topics; " + AgentNames.Rule("each topic", Topics.MaxLength) + ".");
        }

        return null;
    }

    private static IResult? ParseLimit(string? limit, out int count)
    {
        count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return AgentProblems.Invalid($"limit must be a whole number between 1 and {MaxLimit}, not '{limit}'.");
        }

        return null;
    }

    private static IResult Reply(HttpContext context, AgentReply reply) =>
        reply.Error is { } error ? AgentProblems.Problem(context, error) : Results.Ok(AgentResponse.From(reply.Agent!));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
