using Commune.Gateway.Endpoints.Chat;
using Commune.Sessions;

namespace Commune.Gateway.Endpoints.Sessions;

/// <summary>Maps a refused session command to an RFC 7807 problem; a failed model call keeps the chat endpoint's status and members.</summary>
public static class SessionProblems
{
    public static IResult Refused(string id, SessionReply reply)
    {
        if (reply.Error == SessionErrorCode.CallFailed && reply.Call is { Error: { } error } call)
        {
            var extensions = new Dictionary<string, object?>
            {
                ["code"] = reply.Error,
                ["session_id"] = id,
                ["error"] = new { message = error.Message, type = error.Code, code = error.Code },
                ["profile"] = call.Profile,
                ["attempts"] = call.Attempts,
            };
            if (error.Budget is not null)
            {
                extensions["budget"] = error.Budget;
            }

            if (error.EscalationId is not null)
            {
                extensions["escalation_id"] = error.EscalationId;
            }

            return Results.Problem(
                statusCode: ChatErrors.Status(error, call.Attempts),
                title: ChatErrors.Title(error),
                detail: $"Session '{id}': {error.Message} Nothing was recorded.",
                type: "https://commune.dev/errors/" + error.Code,
                extensions: extensions);
        }

        var (status, title) = reply.Error switch
        {
            SessionErrorCode.NotFound => (StatusCodes.Status404NotFound, "No such session"),
            SessionErrorCode.Exists => (StatusCodes.Status409Conflict, "Session exists"),
            SessionErrorCode.Closed => (StatusCodes.Status409Conflict, "Session closed"),
            SessionErrorCode.UnknownProfile => (StatusCodes.Status422UnprocessableEntity, "Unknown profile"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Invalid session"),
        };
        return Results.Problem(statusCode: status, title: title, detail: reply.Detail,
            extensions: new Dictionary<string, object?> { ["code"] = reply.Error, ["session_id"] = id });
    }

    public static IResult NotFound(string id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such session",
        detail: $"There is no session '{id}' (it may have expired and been deleted).",
        extensions: new Dictionary<string, object?> { ["code"] = SessionErrorCode.NotFound, ["session_id"] = id });

    public static IResult BadRequest(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid session request",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "invalid_request" });

    public static IResult? InvalidId(string id) => SessionRules.IsValidId(id)
        ? null
        : BadRequest(string.Equals(id, SessionRules.Reserved, StringComparison.OrdinalIgnoreCase)
            ? $"'{SessionRules.Reserved}' is reserved for pull-request sessions (/v1/sessions/github/{{owner}}/{{repo}}/pulls/{{number}})."
            : $"A session id is 1 to {SessionRules.MaxIdLength} letters, digits, '-', '_' or '.'.");
}
