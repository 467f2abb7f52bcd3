using Microsoft.AspNetCore.Routing.Patterns;
using Orleans.Runtime;

namespace Commune.Gateway.Validation;

/// <summary>
/// The dashboard's per-silo routes (<c>SiloProperties</c>, <c>SiloStats</c>, <c>SiloCounters</c>, <c>SiloMetadata</c>,
/// <c>HistoricalStats</c>) key a grain by the silo address in the path; an address that does not parse throws while that grain
/// activates (a 500), and one of no live silo waits for a silo that is not there (a 503). Both are the caller's mistake: an
/// unparseable address is 400 and an address that is not an active silo of the cluster is 404.
/// </summary>
public static class DashboardSiloRoutes
{
    public static TBuilder RequireKnownSilo<TBuilder>(this TBuilder dashboard) where TBuilder : IEndpointConventionBuilder =>
        dashboard.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (SiloParameter(http.GetEndpoint()) is not { } parameter || http.Request.RouteValues[parameter] is not string address)
            {
                return await next(context);
            }

            if (!TryParse(address, out var silo))
            {
                return InputProblem.Parameter("Invalid silo address", parameter,
                    $"'{address}' is not a silo address (host:port@generation, as /dashboard/DashboardCounters lists them).").ToResult();
            }

            var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
            var active = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return active.ContainsKey(silo)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such silo",
                    detail: $"{address} is not an active silo of this cluster; /v1/cluster lists them.",
                    extensions: new Dictionary<string, object?> { ["code"] = "not_found", ["parameter"] = parameter });
        });

    /// <summary>The route parameter holding a silo address, or null for the dashboard's other routes.</summary>
    private static string? SiloParameter(Endpoint? endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern: var pattern })
        {
            return null;
        }

        if (pattern.GetParameter("address") is not null)
        {
            return "address";
        }

        // HistoricalStats/{*path}: its path is a silo address too; the static file routes' {**path} is not.
        return pattern.GetParameter("path") is not null
            && pattern.PathSegments.Any(s => s.Parts is [RoutePatternLiteralPart { Content: "HistoricalStats" }])
            ? "path"
            : null;
    }

    private static bool TryParse(string address, out SiloAddress silo)
    {
        try
        {
            silo = SiloAddress.FromParsableString(address);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            silo = null!;
            return false;
        }
    }
}
