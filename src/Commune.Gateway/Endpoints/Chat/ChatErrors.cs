using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// Turns a <see cref="ModelCallError"/> into an RFC 7807 problem that also carries OpenAI's <c>error</c> member, so both problem-aware
/// clients and the OpenAI SDKs read it.
/// </summary>
public static class ChatErrors
{
    public static int Status(ModelCallError error, IReadOnlyList<ModelAttempt> attempts) => error.Code switch
    {
        ModelCallErrorCode.UnknownModel => StatusCodes.Status404NotFound,
        ModelCallErrorCode.InvalidRequest => StatusCodes.Status400BadRequest,
        ModelCallErrorCode.ContextLength => StatusCodes.Status400BadRequest,
        ModelCallErrorCode.ContentPolicy => StatusCodes.Status422UnprocessableEntity,
        ModelCallErrorCode.BudgetExceeded => StatusCodes.Status402PaymentRequired,
        ModelCallErrorCode.UnsupportedFeature => StatusCodes.Status422UnprocessableEntity,

        // Every step skipped by an open breaker: the service is unavailable for now, not broken.
        _ when attempts.Count > 0 && attempts.All(a => a.Outcome == AttemptOutcome.SkippedBreakerOpen) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };

    public static string Title(ModelCallError error) => error.Code switch
    {
        ModelCallErrorCode.UnknownModel => "Unknown model",
        ModelCallErrorCode.InvalidRequest => "Invalid request",
        ModelCallErrorCode.ContextLength => "Prompt too long for every model of the chain",
        ModelCallErrorCode.ContentPolicy => "Refused on content policy",
        ModelCallErrorCode.BudgetExceeded => "Budget exceeded",
        ModelCallErrorCode.StreamInterrupted => "Stream interrupted",
        ModelCallErrorCode.UnsupportedFeature => "No step of the chain supports what the request needs",
        _ => "No provider answered",
    };

    public static IResult Problem(ModelCallResult result)
    {
        var error = result.Error!;
        var status = Status(error, result.Attempts);
        var extensions = new Dictionary<string, object?>
        {
            ["error"] = new { message = error.Message, type = error.Code, code = error.Code },
            ["profile"] = result.Profile,
            ["attempts"] = result.Attempts,
        };
        if (error.Budget is not null)
        {
            extensions["budget"] = error.Budget;
        }

        if (error.EscalationId is not null)
        {
            extensions["escalation_id"] = error.EscalationId;
        }

        return Results.Problem(statusCode: status, title: Title(error), detail: error.Message, type: "https://commune.dev/errors/" + error.Code, extensions: extensions);
    }

    /// <summary>Bad input found by the gateway itself, in the same shape.</summary>
    public static IResult Invalid(string message) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid request",
            detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = new { message, type = ModelCallErrorCode.InvalidRequest, code = ModelCallErrorCode.InvalidRequest } });
}
