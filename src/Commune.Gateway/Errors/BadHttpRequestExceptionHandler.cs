using Commune.Gateway.Endpoints.Anthropic;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Commune.Gateway.Errors;

/// <summary>
/// Kestrel's refusals while a handler reads the request (a body over the server's size limit, a truncated or malformed body) carry
/// their own status code (413, 400…); without this they surface as 500s from whichever endpoint was reading.
/// </summary>
public sealed class BadHttpRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadHttpRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        logger.LogInformation("Refused request to {Path}: {Status} {Reason}", httpContext.Request.Path, bad.StatusCode, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        if (AnthropicErrors.Applies(httpContext.Request))
        {
            var type = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? AnthropicErrors.RequestTooLarge : AnthropicErrors.InvalidRequest;
            await AnthropicErrors.Of(bad.StatusCode, type, bad.Message).ExecuteAsync(httpContext);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.Message,
            },
        });
    }
}
