using Commune.GitHub;

namespace Commune.Gateway.Endpoints.Reviews;

/// <summary>RFC 7807 problems for the review routes: the status for the rule that failed, and a <c>code</c>.</summary>
public static class ReviewProblems
{
    public static IResult Invalid(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid request",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "invalid" });

    public static IResult NoReview(string key) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such review",
        detail: $"There is no review of {key}; reviews start when the PR is opened or pushed to.",
        extensions: new Dictionary<string, object?> { ["code"] = ReviewErrorCode.ReviewNotFound, ["items"] = new[] { key } });

    public static IResult Refused(ReviewFeedbackResult result) => Results.Problem(
        statusCode: result.ErrorCode switch
        {
            ReviewErrorCode.ReviewNotFound or ReviewErrorCode.FindingNotFound => StatusCodes.Status404NotFound,
            ReviewErrorCode.InvalidVerdict => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict,
        },
        title: result.ErrorCode switch
        {
            ReviewErrorCode.ReviewNotFound => "No such review",
            ReviewErrorCode.FindingNotFound => "No such finding",
            ReviewErrorCode.InvalidVerdict => "Invalid verdict",
            _ => "Review not finished",
        },
        detail: result.Error,
        extensions: new Dictionary<string, object?> { ["code"] = result.ErrorCode });
}
