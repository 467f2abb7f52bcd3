using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Commune.Gateway.Errors;

/// <summary>Turns "the cluster cannot be reached right now" into 503 with a problem body instead of a 500.</summary>
public sealed class ClusterUnavailableExceptionHandler(
    IProblemDetailsService problems, ClusterReachability reachability, ILogger<ClusterUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or TimeoutException or OrleansException { InnerException: ConnectionFailedException };
        var neverConnected = reachability.NoSiloKnown;
        if (!unavailable && !neverConnected)
        {
            return false;
        }

        logger.LogWarning(exception, "Cluster unavailable while serving {Path}", httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The cluster is unavailable",
                Detail = neverConnected
                    ? $"{ClusterReachability.NoSiloMessage} /health/ready reports when a silo answers."
                    : "No silo answered in time. Retry shortly; /health/ready reports when the cluster is back.",
            },
        });
    }
}
