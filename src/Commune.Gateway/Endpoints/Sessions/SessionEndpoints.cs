using System.Security.Claims;
using Commune.Gateway.Security;
using Commune.Models;
using Commune.Sessions;

namespace Commune.Gateway.Endpoints.Sessions;

/// <summary>
/// Ephemeral sessions (<c>/v1/sessions</c>): one-off research or summarisation, or a free conversation, with one profile and its own
/// budget ledger; deleted from storage once idle past their ttl. The pull-request sessions' routes (<c>/v1/sessions/github/…</c>) are
/// apart: "github" is not a session id.
/// </summary>
public static class SessionEndpoints
{
    /// <summary>Largest ttl_seconds passed on to the grain (which enforces Sessions:MaxTtl); beyond it a TimeSpan would overflow.</summary>
    private const long TtlCeilingSeconds = 10L * 365 * 24 * 3600;

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder v1)
    {
        var sessions = v1.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapPost("", CreateAsync).WithName("CreateSession")
            .WithSummary("Creates an ephemeral session (201); with a prompt it answers through the profile's chain, charged to the session's ledger.");
        sessions.MapGet("/{id}", GetAsync).WithName("GetSession")
            .WithSummary("A session with its conversation and result; 404 once it expired.");
        sessions.MapPost("/{id}/messages", SendAsync).WithName("SendSessionMessage")
            .WithSummary("Continues an active session: the answer to the whole conversation (409 when completed or ended).");
        sessions.MapPost("/{id}/end", EndAsync).WithName("EndSession")
            .WithSummary("Ends a session: no more messages; readable until it expires.");
        sessions.MapDelete("/{id}", DeleteAsync).WithName("DeleteSession")
            .WithSummary("Deletes a session, its ledger and its expiry reminder now (204).");
        return v1;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        const string shape = "{\"profile\": …, \"kind\"?: \"research\"|\"summarisation\"|\"free\", \"prompt\"?: … | \"messages\"?: [{\"role\", \"content\"}], " +
                             "\"ttl_seconds\"?: n, \"token_limit\"?: n, \"run_to_completion\"?: bool, \"id\"?: …}";
        var (body, problem) = await JsonBody.ReadAsync<CreateSessionRequest>(context.Request, shape, "Invalid session request");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Profile))
        {
            return SessionProblems.BadRequest($"Missing required field: profile. Send {shape}.");
        }

        if (body.Id is not null && SessionProblems.InvalidId(body.Id) is { } badId)
        {
            return badId;
        }

        if (body.Prompt is not null && body.Messages is not null)
        {
            return SessionProblems.BadRequest("Send either prompt or messages, not both.");
        }

        var messages = new List<ChatTurn>();
        if (body.Prompt is not null)
        {
            messages.Add(new ChatTurn("user", body.Prompt));
        }

        for (var i = 0; i < (body.Messages?.Count ?? 0); i++)
        {
            if (body.Messages![i] is not { Role: { } role, Content: { } content })
            {
                return SessionProblems.BadRequest($"messages[{i}] must be {{\"role\": …, \"content\": …}}.");
            }

            messages.Add(new ChatTurn(role, content));
        }

        var id = body.Id ?? "ses_" + Guid.NewGuid().ToString("N");
        var ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, -1, TtlCeilingSeconds)) : (TimeSpan?)null;
        var spec = new SessionSpec(
            body.Kind ?? SessionKinds.Free, body.Profile, messages, ttl, body.TokenLimit, body.RunToCompletion, context.TraceIdentifier, KeyId(context));
        var reply = await grains.GetGrain<ISessionGrain>(id).CreateAsync(spec);
        return reply.Session is { } session
            ? Results.Created($"/v1/sessions/{id}", session)
            : SessionProblems.Refused(id, reply);
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        if (SessionProblems.InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetGrain<ISessionGrain>(id).GetAsync() is { } session ? Results.Ok(session) : SessionProblems.NotFound(id);
    }

    private static async Task<IResult> SendAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (SessionProblems.InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadAsync<SessionMessageRequest>(context.Request, "{\"content\": …}", "Invalid session message");
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Content is null)
        {
            return SessionProblems.BadRequest("Missing required field: content. Send {\"content\": …}.");
        }

        var reply = await grains.GetGrain<ISessionGrain>(id).SendAsync(body.Content, context.TraceIdentifier, KeyId(context));
        return reply.Session is { } session ? Results.Ok(session) : SessionProblems.Refused(id, reply);
    }

    private static async Task<IResult> EndAsync(string id, IGrainFactory grains)
    {
        if (SessionProblems.InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var reply = await grains.GetGrain<ISessionGrain>(id).EndAsync();
        return reply.Session is { } session ? Results.Ok(session) : SessionProblems.Refused(id, reply);
    }

    private static async Task<IResult> DeleteAsync(string id, IGrainFactory grains)
    {
        if (SessionProblems.InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetGrain<ISessionGrain>(id).DeleteAsync() ? Results.NoContent() : SessionProblems.NotFound(id);
    }

    /// <summary>The caller's API key id, whose ledger is charged too (as for chat completions); null without keys.</summary>
    private static string? KeyId(HttpContext context) => context.User.FindFirstValue(ApiKeyDefaults.KeyIdClaim);
}
