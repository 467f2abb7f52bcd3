using System.Globalization;
using Commune.Agents;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>Maps a refused agent or message command to an RFC 7807 problem: the status for its code, the rule, the items concerned.</summary>
public static class AgentProblems
{
    public static int Status(AgentErrorCode code) => code switch
    {
        AgentErrorCode.NotFound or AgentErrorCode.UnknownRecipient or AgentErrorCode.UnknownSender => StatusCodes.Status404NotFound,
        AgentErrorCode.Invalid or AgentErrorCode.UnknownType or AgentErrorCode.HopLimit => StatusCodes.Status422UnprocessableEntity,
        AgentErrorCode.Throttled or AgentErrorCode.InboxFull => StatusCodes.Status429TooManyRequests,
        AgentErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status409Conflict,
    };

    public static string Code(AgentErrorCode code) => code switch
    {
        AgentErrorCode.NotFound => "not_found",
        AgentErrorCode.Invalid => "invalid",
        AgentErrorCode.Conflict => "conflict",
        AgentErrorCode.Throttled => "rate_limited",
        AgentErrorCode.InboxFull => "inbox_full",
        AgentErrorCode.HopLimit => "hop_limit",
        AgentErrorCode.UnknownRecipient => "unknown_recipient",
        AgentErrorCode.UnknownSender => "unknown_sender",
        AgentErrorCode.UnknownType => "unknown_type",
        AgentErrorCode.PayloadTooLarge => "payload_too_large",
        AgentErrorCode.NoAgentAvailable => "no_agent_available",
        AgentErrorCode.Ended => "agent_ended",
        _ => code.ToString(),
    };

    public static IResult Problem(HttpContext context, AgentError error)
    {
        if (error.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Problem(
            statusCode: Status(error.Code),
            title: Title(error.Code),
            detail: error.Message,
            extensions: new Dictionary<string, object?> { ["code"] = Code(error.Code), ["items"] = error.Details });
    }

    public static IResult Invalid(string detail, string code = "invalid") => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid request",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult NotFound(string id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such agent",
        detail: $"There is no agent '{id}'; register it with POST /v1/agents.",
        extensions: new Dictionary<string, object?> { ["code"] = "not_found", ["items"] = new[] { id } });

    private static string Title(AgentErrorCode code) => code switch
    {
        AgentErrorCode.NotFound => "No such agent",
        AgentErrorCode.Throttled => "Sending too fast",
        AgentErrorCode.InboxFull => "Recipient's inbox is full",
        AgentErrorCode.HopLimit => "Conversation too deep",
        AgentErrorCode.UnknownRecipient => "Unknown recipient",
        AgentErrorCode.UnknownSender => "Unknown sender",
        AgentErrorCode.UnknownType => "Unknown message type",
        AgentErrorCode.PayloadTooLarge => "Payload too large",
        AgentErrorCode.NoAgentAvailable => "No agent available",
        AgentErrorCode.Ended => "Agent ended",
        _ => "Not acceptable",
    };
}
