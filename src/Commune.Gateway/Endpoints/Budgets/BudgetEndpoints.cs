using System.Globalization;
using System.Text.Json;
using Commune.Models;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints.Budgets;

/// <summary>Budget ledgers (<c>/v1/budgets/{session|task|key}/{id}</c>) and the escalations they raised (<c>/v1/escalations</c>).</summary>
public static class BudgetEndpoints
{
    public const int MaxIdLength = 200;

    public static RouteGroupBuilder MapBudgetEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/budgets/{kind}/{id}", GetAsync)
            .WithName("GetBudget")
            .WithSummary("A ledger: limits, spend, outstanding reservations, and whether it is exhausted.");
        v1.MapPut("/budgets/{kind}/{id}", PutAsync)
            .WithName("SetBudget")
            .WithSummary("Sets a ledger's token and dollar limits (null removes one). Raising them above the spend reopens the ledger.");
        v1.MapGet("/escalations", ListEscalationsAsync)
            .WithName("ListEscalations")
            .WithSummary("Work stopped on a budget and waiting for human review, newest first.");
        return v1;
    }

    private static async Task<IResult> GetAsync(string kind, string id, IGrainFactory grains)
    {
        id = Slashes(id);
        if (Invalid(kind, id) is { } problem)
        {
            return problem;
        }

        return Results.Ok(await grains.GetGrain<IBudgetGrain>(kind + ":" + id).GetAsync());
    }

    private static async Task<IResult> PutAsync(string kind, string id, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        id = Slashes(id);
        if (Invalid(kind, id) is { } problem)
        {
            return problem;
        }

        // Read here rather than bound: a missing content type or malformed JSON gets a problem that says so, not a route miss.
        if (!request.HasJsonContentType())
        {
            return Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send {\"token_limit\": …, \"cost_limit_usd\": …} as application/json.");
        }

        BudgetLimitsRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<BudgetLimitsRequest>(json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid budget", detail: "The body is not valid JSON for budget limits: " + ex.Message);
        }

        if (body is null)
        {
            return Results.Problem(statusCode: 400, title: "Invalid budget", detail: "The body must be {\"token_limit\": …, \"cost_limit_usd\": …}.");
        }

        if (body.TokenLimit is <= 0 || body.CostLimitUsd is <= 0)
        {
            return Results.Problem(statusCode: 422, title: "Invalid budget", detail: "token_limit and cost_limit_usd must be above 0, or null for no limit.");
        }

        return Results.Ok(await grains.GetGrain<IBudgetGrain>(kind + ":" + id).SetLimitsAsync(body.TokenLimit, body.CostLimitUsd));
    }

    private static async Task<IResult> ListEscalationsAsync(IGrainFactory grains, string? limit)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 1000))
        {
            return Results.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be a whole number between 1 and 1000, not '{limit}'.");
        }

        var escalations = await grains.GetGrain<IEscalationLogGrain>(IEscalationLogGrain.Key).ListAsync(count);
        return Results.Ok(new { escalations });
    }

    /// <summary>
    /// A PR's ledger id has a slash (<c>github:owner/repo#n</c>); the path carries it as <c>%2F</c>, which routing leaves encoded.
    /// </summary>
    private static string Slashes(string id) => id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static IResult? Invalid(string kind, string id)
    {
        if (!BudgetKey.IsKind(kind))
        {
            return Results.Problem(statusCode: 404, title: "No such ledger kind", detail: $"'{kind}' is not one of: {string.Join(", ", BudgetKey.Kinds)}.");
        }

        return id.Length > MaxIdLength || id.Any(char.IsControl)
            ? Results.Problem(statusCode: 400, title: "Invalid ledger id", detail: $"The id must be at most {MaxIdLength} printable characters.")
            : null;
    }
}
