using System.Globalization;
using Commune.Faults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Commune.Gateway.Errors;

/// <summary>
/// A silo could not read or write an object's state: 503 with Retry-After and what failed. The command was not kept (the silo dropped
/// the activation that held the change), so a retry is safe; the commands a client retries blindly are idempotent besides.
/// </summary>
public sealed class StorageUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StorageUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Find(exception) is not { } fault)
        {
            return false;
        }

        logger.LogWarning("Storage unavailable while serving {Path}: {Reason}", httpContext.Request.Path, fault.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage is unavailable",
                Detail = fault.Message,
                Extensions = { ["code"] = "storage_unavailable", ["retry_after_seconds"] = fault.RetryAfterSeconds },
            },
        });
    }

    private static StorageUnavailableException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException fault)
            {
                return fault;
            }
        }

        return null;
    }
}
