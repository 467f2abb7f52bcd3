using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>
/// Errors in Anthropic's shape, <c>{"type":"error","error":{"type":…,"message":…}}</c>, with the status its SDKs map to their exception
/// types; Commune's trail rides beside it as <c>commune: {profile, attempts}</c>.
/// </summary>
public static class AnthropicErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Billing = "billing_error";
    public const string NotFound = "not_found_error";
    public const string RequestTooLarge = "request_too_large";
    public const string Api = "api_error";
    public const string Overloaded = "overloaded_error";

    /// <summary>Anthropic's status for overloaded, which its SDKs turn into their overloaded exception.</summary>
    public const int OverloadedStatus = 529;

    /// <summary>The path prefix of the Messages API; errors under it are written in this shape.</summary>
    public const string PathPrefix = "/anthropic";

    internal static readonly JsonSerializerOptions TrailJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The status and Anthropic error type of a failed call: <see cref="ChatErrors.Status"/>, but 529 when overload is all there was.</summary>
    public static (int Status, string Type) Classify(ModelCallError error, IReadOnlyList<ModelAttempt> attempts)
    {
        if (error.Code == ModelCallErrorCode.ChainExhausted && attempts.Count > 0 && attempts.All(a => a.Outcome == AttemptOutcome.Overloaded))
        {
            return (OverloadedStatus, Overloaded);
        }

        var status = ChatErrors.Status(error, attempts);
        return (status, status switch
        {
            StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity => InvalidRequest,
            StatusCodes.Status402PaymentRequired => Billing,
            StatusCodes.Status404NotFound => NotFound,
            _ => Api,
        });
    }

    public static IResult Problem(ModelCallResult result)
    {
        var error = result.Error!;
        var (status, type) = Classify(error, result.Attempts);
        return Results.Json(Body(type, error.Message, result), statusCode: status);
    }

    /// <summary>Bad input found by the gateway itself.</summary>
    public static IResult Invalid(string message) => Results.Json(Body(InvalidRequest, message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult Of(int status, string type, string message) => Results.Json(Body(type, message), statusCode: status);

    /// <summary>The error body; with a result, Commune's profile and attempt trail beside the error (and a budget refusal's ledger).</summary>
    public static JsonObject Body(string type, string message, ModelCallResult? result = null)
    {
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        };
        if (result is not null)
        {
            var commune = new JsonObject
            {
                ["profile"] = result.Profile,
                ["code"] = result.Error?.Code,
                ["attempts"] = JsonSerializer.SerializeToNode(result.Attempts, TrailJson),
            };
            if (result.Error?.Budget is { } budget)
            {
                commune["budget"] = JsonSerializer.SerializeToNode(budget, TrailJson);
            }

            if (result.Error?.EscalationId is { } escalation)
            {
                commune["escalation_id"] = escalation;
            }

            body["commune"] = commune;
        }

        return body;
    }

    /// <summary>Whether a request is one of the Messages API's, so its errors take this shape.</summary>
    public static bool Applies(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);
}
