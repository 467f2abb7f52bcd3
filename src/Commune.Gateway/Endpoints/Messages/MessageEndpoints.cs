using Commune.Agents;
using Commune.Gateway.Endpoints.Agents;
using Commune.Messages;

namespace Commune.Gateway.Endpoints.Messages;

/// <summary>Sending messages (<c>POST /v1/messages</c>) and the message types they may have.</summary>
public static class MessageEndpoints
{
    public const int MaxDescriptionLength = 500;

    public static RouteGroupBuilder MapMessageEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/messages", SendAsync).WithTags("Messages").WithName("SendMessage")
            .WithSummary("Sends to to_agent, to_capability (least_loaded or round_robin), a topic's subscribers, or every agent (of to_role).");
        v1.MapGet("/message-types", ListTypesAsync).WithTags("Messages").WithName("ListMessageTypes")
            .WithSummary("Built-in and registered message types with the payload fields each requires.");
        v1.MapPost("/message-types", RegisterTypeAsync).WithTags("Messages").WithName("RegisterMessageType")
            .WithSummary("Registers a custom message type; a name never changes meaning.");
        return v1;
    }

    private static async Task<IResult> SendAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<SendMessageRequest>(
            context.Request, "{\"from\": …, \"type\": …, \"payload\": {…}, \"to_agent\"? | \"topic\"? | \"to_capability\"? | \"to_role\"?}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.From) || string.IsNullOrEmpty(body.Type))
        {
            return AgentProblems.Invalid("from (the sending agent's id) and type are required.");
        }

        var strategy = RoutingStrategy.LeastLoaded;
        switch (body.Routing)
        {
            case null or "least_loaded":
                break;
            case "round_robin":
                strategy = RoutingStrategy.RoundRobin;
                break;
            default:
                return AgentProblems.Invalid($"routing must be least_loaded or round_robin, not '{body.Routing}'.");
        }

        if (body.Routing is not null && body.ToCapability is null)
        {
            return AgentProblems.Invalid("routing applies to to_capability only.");
        }

        var request = new SendRequest(
            body.From, body.Type, JsonBody.Raw(body.Payload) ?? "{}", body.ToAgent, body.Topic, body.ToRole, body.ToCapability, strategy,
            body.InReplyTo, body.Id);
        var reply = await grains.GetGrain<IMessageRouterGrain>(0).SendAsync(request);
        if (reply.Error is { } error)
        {
            return AgentProblems.Problem(context, error);
        }

        var route = request switch
        {
            { Type: MessageTypes.Heartbeat } => "heartbeat",
            { ToCapability: not null } => "capability",
            { ToAgent: not null } => "direct",
            { Topic: not null } => "topic",
            _ => "broadcast",
        };
        var message = reply.Message is null ? null : InboxMessageResponse.Of(reply.Message);
        return Results.Ok(new SendMessageResponse(route, reply.Recipients < 0 ? null : reply.Recipients, message));
    }

    private static async Task<IResult> ListTypesAsync(IGrainFactory grains) =>
        Results.Ok(new { types = await Registry(grains).ListAsync() });

    private static async Task<IResult> RegisterTypeAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterMessageTypeRequest>(context.Request, "{\"name\": …, \"required_fields\": [\"task_id:string\", …]}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Name))
        {
            return AgentProblems.Invalid("name is required.");
        }

        if (body.Description is { Length: > MaxDescriptionLength })
        {
            return AgentProblems.Invalid($"description is at most {MaxDescriptionLength} characters.");
        }

        if (body.RequiredFields?.Any(f => f is null) == true)
        {
            return AgentProblems.Invalid("required_fields must be an array of strings.");
        }

        var (type, error) = await Registry(grains).RegisterAsync(new MessageTypeDefinition(body.Name, body.RequiredFields ?? [], body.Description, false));
        return type is null
            ? Results.Problem(statusCode: 422, title: "Message type not registered", detail: error, extensions: new Dictionary<string, object?> { ["code"] = "invalid_type" })
            : Results.Ok(type);
    }

    private static IMessageTypeRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IMessageTypeRegistryGrain>(IMessageTypeRegistryGrain.Key);
}
