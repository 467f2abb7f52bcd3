using Commune.Votes;

namespace Commune.Gateway.Endpoints.Votes;

/// <summary>Votes among agents (<c>/v1/votes</c>): open one, cast ballots, read the tally once it closes.</summary>
public static class VoteEndpoints
{
    public static RouteGroupBuilder MapVoteEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/votes", CreateAsync)
            .WithName("CreateVote")
            .WithSummary("Opens a vote among eligible voters with a deadline; publishes vote_request to broadcast and vote:{id}.");
        v1.MapGet("/votes/{id}", GetAsync)
            .WithName("GetVote")
            .WithSummary("A vote: its ballots, and its result once every voter has voted or the deadline has passed.");
        v1.MapPost("/votes/{id}/ballots", CastAsync)
            .WithName("CastBallot")
            .WithSummary("Casts a voter's one ballot (an option or \"abstain\"); the last eligible ballot closes the vote.");
        return v1;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains)
    {
        const string shape = "{\"question\": …, \"options\": […], \"voters\": […], \"deadline_seconds\": …, \"created_by\": …}";
        var (body, problem) = await JsonBody.ReadAsync<CreateVoteRequest>(request, shape, "Invalid vote");
        if (problem is not null)
        {
            return problem;
        }

        var missing = new List<string>();
        if (body!.Question is null)
        {
            missing.Add("question");
        }

        if (body.Options is null)
        {
            missing.Add("options");
        }

        if (body.Voters is null)
        {
            missing.Add("voters");
        }

        if (body.DeadlineSeconds is null)
        {
            missing.Add("deadline_seconds");
        }

        if (body.CreatedBy is null)
        {
            missing.Add("created_by");
        }

        if (missing.Count > 0)
        {
            return Results.Problem(statusCode: 400, title: "Invalid vote", detail: $"Missing required field(s): {string.Join(", ", missing)}. Send {shape}.");
        }

        var id = body.Id ?? "vote_" + Guid.NewGuid().ToString("N");
        if (!VoteRules.IsValidId(id))
        {
            return Results.Problem(
                statusCode: 422,
                title: "Invalid vote",
                detail: $"id must be 1 to {VoteRules.MaxIdLength} letters, digits, '-', '_', '.' or ':' (or omitted to get a generated one).");
        }

        var spec = new VoteSpec(
            body.Question!,
            body.Options!.Select(o => o ?? "").ToArray(),
            body.Voters!.Select(v => v ?? "").ToArray(),
            (int)Math.Clamp(body.DeadlineSeconds!.Value, int.MinValue, int.MaxValue),
            body.RequiredRatio ?? VoteRules.DefaultRequiredRatio,
            body.CreatedBy!);
        if (VoteRules.Check(spec) is { } invalid)
        {
            return Results.Problem(statusCode: 422, title: "Invalid vote", detail: invalid);
        }

        var reply = await grains.GetGrain<IVoteGrain>(id).CreateAsync(spec);
        return reply.Vote is { } vote ? Results.Created($"/v1/votes/{id}", vote) : Refused(reply);
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        if (InvalidId(id) is { } problem)
        {
            return problem;
        }

        return await grains.GetGrain<IVoteGrain>(id).GetAsync() is { } vote
            ? Results.Ok(vote)
            : Results.Problem(statusCode: 404, title: "No such vote", detail: $"There is no vote '{id}'.");
    }

    private static async Task<IResult> CastAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        if (InvalidId(id) is { } invalidId)
        {
            return invalidId;
        }

        const string shape = "{\"voter\": …, \"choice\": …, \"rationale\": …}";
        var (body, problem) = await JsonBody.ReadAsync<CastBallotRequest>(request, shape, "Invalid ballot");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Voter) || string.IsNullOrEmpty(body.Choice))
        {
            var missing = string.IsNullOrEmpty(body.Voter) ? string.IsNullOrEmpty(body.Choice) ? "voter, choice" : "voter" : "choice";
            return Results.Problem(statusCode: 400, title: "Invalid ballot", detail: $"Missing required field(s): {missing}. Send {shape}.");
        }

        if (VoteRules.CheckRationale(body.Rationale) is { } invalid)
        {
            return Results.Problem(statusCode: 422, title: "Invalid ballot", detail: invalid);
        }

        var reply = await grains.GetGrain<IVoteGrain>(id).CastAsync(body.Voter, body.Choice, body.Rationale);
        return reply.Vote is { } vote ? Results.Ok(vote) : Refused(reply);
    }

    private static IResult? InvalidId(string id) => VoteRules.IsValidId(id)
        ? null
        : Results.Problem(
            statusCode: 400,
            title: "Invalid vote id",
            detail: $"A vote id is 1 to {VoteRules.MaxIdLength} letters, digits, '-', '_', '.' or ':'.");

    private static IResult Refused(VoteReply reply)
    {
        var (status, title) = reply.Error switch
        {
            VoteErrorCode.NotFound => (404, "No such vote"),
            VoteErrorCode.Exists => (409, "Vote exists"),
            VoteErrorCode.AlreadyVoted => (409, "Already voted"),
            VoteErrorCode.Closed => (409, "Vote closed"),
            VoteErrorCode.NotEligible => (422, "Not an eligible voter"),
            VoteErrorCode.InvalidChoice => (422, "Invalid choice"),
            VoteErrorCode.Invalid => (422, "Invalid vote"),
            _ => (500, "Unexpected vote error"),
        };
        return Results.Problem(statusCode: status, title: title, detail: reply.Detail, extensions: new Dictionary<string, object?> { ["code"] = reply.Error });
    }
}
