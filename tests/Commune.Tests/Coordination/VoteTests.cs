using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Coordination;

/// <summary>Seed 002's consensus pattern through the HTTP API: open a vote, cast ballots, close on the last ballot or the deadline.</summary>
public sealed class VoteTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private HttpClient Http => fixture.Gateway.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Dictionary<string, object?> Vote(string? id, string[] voters, int deadlineSeconds = 60, double? ratio = null) => new()
    {
        ["id"] = id,
        ["question"] = "Should we migrate to TypeScript strict mode?",
        ["options"] = new[] { "yes", "no" },
        ["voters"] = voters,
        ["deadline_seconds"] = deadlineSeconds,
        ["required_ratio"] = ratio,
        ["created_by"] = "orchestrator",
    };

    private async Task<JsonElement> CreateAsync(Dictionary<string, object?> vote)
    {
        using var response = await Http.PostAsJsonAsync("/v1/votes", vote);
        var body = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private Task<HttpResponseMessage> BallotAsync(string id, string voter, string choice, string? rationale = null) =>
        Http.PostAsJsonAsync($"/v1/votes/{id}/ballots", new { voter, choice, rationale });

    private async Task<JsonElement> CastAsync(string id, string voter, string choice, string? rationale = null)
    {
        using var response = await BallotAsync(id, voter, choice, rationale);
        var body = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private async Task<JsonElement> WaitUntilClosedAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var response = await Http.GetAsync($"/v1/votes/{id}");
            var vote = await Json.ReadAsync(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (vote.GetProperty("status").GetString() == "closed" || DateTime.UtcNow > deadline)
            {
                return vote;
            }

            await Task.Delay(200);
        }
    }

    private async Task<JsonElement[]> TopicAsync(string topic)
    {
        using var response = await Http.GetAsync($"/v1/topics/{Uri.EscapeDataString(topic)}/messages?limit=1000");
        var page = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.GetProperty("messages").EnumerateArray().ToArray();
    }

    private async Task<JsonElement[]> MessagesAboutAsync(string topic, string type, string voteId) =>
        (await TopicAsync(topic))
            .Where(m => m.GetProperty("type").GetString() == type && m.GetProperty("payload").GetProperty("vote_id").GetString() == voteId)
            .ToArray();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var body = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Contains(detailContains, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_vote_answers_201_with_its_location_and_publishes_vote_request()
    {
        using var response = await Http.PostAsJsonAsync("/v1/votes", Vote(null, ["a", "b"]));
        var vote = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = vote.GetProperty("id").GetString()!;
        Assert.StartsWith("vote_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/votes/{id}", response.Headers.Location?.ToString());
        Assert.Equal("open", vote.GetProperty("status").GetString());
        Assert.Equal(0.5, vote.GetProperty("required_ratio").GetDouble());
        Assert.Equal("orchestrator", vote.GetProperty("created_by").GetString());
        Assert.Equal(["yes", "no"], vote.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Empty(vote.GetProperty("ballots").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, vote.GetProperty("result").ValueKind);
        var created = vote.GetProperty("created_at").GetDateTimeOffset();
        Assert.Equal(created.AddSeconds(60), vote.GetProperty("deadline").GetDateTimeOffset());

        var read = await Json.ReadAsync(await Http.GetAsync($"/v1/votes/{id}"));
        Assert.Equal(id, read.GetProperty("id").GetString());

        foreach (var topic in new[] { "broadcast", $"vote:{id}" })
        {
            var request = Assert.Single(await MessagesAboutAsync(topic, "vote_request", id));
            var payload = request.GetProperty("payload");
            Assert.Equal(JsonValueKind.Object, payload.ValueKind);
            Assert.Equal("Should we migrate to TypeScript strict mode?", payload.GetProperty("question").GetString());
            Assert.Equal(60_000, payload.GetProperty("deadline_ms").GetInt64());
            Assert.Equal("orchestrator", request.GetProperty("from").GetString());
        }
    }

    [Fact]
    public async Task Vote_closes_when_every_voter_has_voted_and_broadcasts_vote_result_once()
    {
        var id = NewId("all");
        await CreateAsync(Vote(id, ["a", "b", "c"]));

        var afterFirst = await CastAsync(id, "a", "yes", "Catches more bugs at compile time");
        await CastAsync(id, "b", "yes");
        var last = await CastAsync(id, "c", "no");

        Assert.Equal("open", afterFirst.GetProperty("status").GetString());
        Assert.Equal("closed", last.GetProperty("status").GetString());
        var result = last.GetProperty("result");
        Assert.Equal("decided", result.GetProperty("outcome").GetString());
        Assert.Equal("yes", result.GetProperty("winner").GetString());
        Assert.Equal("all_voted", result.GetProperty("closed_by").GetString());
        Assert.Equal(2, result.GetProperty("tally").GetProperty("yes").GetInt32());
        Assert.Equal(1, result.GetProperty("tally").GetProperty("no").GetInt32());
        Assert.Equal(0, result.GetProperty("abstentions").GetInt32());
        Assert.Equal(0, result.GetProperty("not_voted").GetInt32());
        var ballot = last.GetProperty("ballots").EnumerateArray().First();
        Assert.Equal("a", ballot.GetProperty("voter").GetString());
        Assert.Equal("Catches more bugs at compile time", ballot.GetProperty("rationale").GetString());

        var broadcast = Assert.Single(await MessagesAboutAsync("broadcast", "vote_result", id));
        Assert.Equal($"vote_result:{id}", broadcast.GetProperty("id").GetString());
        Assert.Equal("yes", broadcast.GetProperty("payload").GetProperty("winner").GetString());
        Assert.Equal(
            ["vote_request", "vote_response", "vote_response", "vote_response", "vote_result"],
            (await TopicAsync($"vote:{id}")).Select(m => m.GetProperty("type").GetString()));

        // Reading the closed vote again, or a late ballot, publishes nothing more.
        await WaitUntilClosedAsync(id);
        await AssertProblemAsync(await BallotAsync(id, "a", "no"), HttpStatusCode.Conflict, "closed");
        Assert.Single(await MessagesAboutAsync("broadcast", "vote_result", id));
    }

    [Fact]
    public async Task Vote_closes_at_deadline_counting_missing_voters_as_abstaining()
    {
        var id = NewId("deadline");
        await CreateAsync(Vote(id, ["a", "b", "c", "d"], deadlineSeconds: 1));
        await CastAsync(id, "a", "yes");
        await CastAsync(id, "b", "abstain");

        var vote = await WaitUntilClosedAsync(id);

        Assert.Equal("closed", vote.GetProperty("status").GetString());
        var result = vote.GetProperty("result");
        Assert.Equal("deadline", result.GetProperty("closed_by").GetString());
        Assert.Equal(1, result.GetProperty("tally").GetProperty("yes").GetInt32());
        Assert.Equal(0, result.GetProperty("tally").GetProperty("no").GetInt32());
        Assert.Equal(1, result.GetProperty("abstentions").GetInt32());
        Assert.Equal(2, result.GetProperty("not_voted").GetInt32());

        // 1 of 4 eligible voters is below the required half: the missing voters count against the leader.
        Assert.Equal("no_consensus", result.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("winner").ValueKind);

        await AssertProblemAsync(await BallotAsync(id, "c", "yes"), HttpStatusCode.Conflict, "closed");

        // The timer, the reminder and reads all see the deadline; the result is still published once.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(await MessagesAboutAsync("broadcast", "vote_result", id));
        Assert.Single(await MessagesAboutAsync($"vote:{id}", "vote_result", id));
    }

    [Fact]
    public async Task A_tie_for_the_most_votes_has_no_winner()
    {
        var id = NewId("tie");
        await CreateAsync(Vote(id, ["a", "b"]));
        await CastAsync(id, "a", "yes");
        var vote = await CastAsync(id, "b", "no");

        var result = vote.GetProperty("result");
        Assert.Equal("tie", result.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("winner").ValueKind);
    }

    [Fact]
    public async Task A_leader_short_of_the_required_ratio_is_no_consensus()
    {
        var id = NewId("unanimous");
        await CreateAsync(Vote(id, ["a", "b", "c"], ratio: 1.0));
        await CastAsync(id, "a", "yes");
        await CastAsync(id, "b", "yes");
        var vote = await CastAsync(id, "c", "no");

        Assert.Equal(1.0, vote.GetProperty("required_ratio").GetDouble());
        Assert.Equal("no_consensus", vote.GetProperty("result").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Creating_a_vote_with_an_existing_id_is_a_conflict_and_changes_nothing()
    {
        var id = NewId("dup");
        await CreateAsync(Vote(id, ["a"]));
        var second = Vote(id, ["x", "y"]);
        second["question"] = "Something else?";

        await AssertProblemAsync(await Http.PostAsJsonAsync("/v1/votes", second), HttpStatusCode.Conflict, id);

        var vote = await Json.ReadAsync(await Http.GetAsync($"/v1/votes/{id}"));
        Assert.Equal("Should we migrate to TypeScript strict mode?", vote.GetProperty("question").GetString());
        Assert.Equal(["a"], vote.GetProperty("voters").EnumerateArray().Select(v => v.GetString()));
        Assert.Single(await MessagesAboutAsync($"vote:{id}", "vote_request", id));
    }

    public static TheoryData<string, string?, HttpStatusCode, string> BadVotes()
    {
        static string With(string id, string field, object? value)
        {
            var vote = Vote(id, ["a", "b"]);
            if (value is null)
            {
                vote.Remove(field);
            }
            else
            {
                vote[field] = value;
            }

            return JsonSerializer.Serialize(vote);
        }

        return new()
        {
            { "not-json", "{\"question\": ", HttpStatusCode.BadRequest, "not valid JSON" },
            { "array", "[]", HttpStatusCode.BadRequest, "not valid JSON" },
            { "null", "null", HttpStatusCode.BadRequest, "JSON object" },
            { "wrong-type", With("bad-wrong-type", "question", 5), HttpStatusCode.BadRequest, "not valid JSON" },
            { "options-string", With("bad-options-string", "options", "yes"), HttpStatusCode.BadRequest, "not valid JSON" },
            { "no-options", With("bad-no-options", "options", null), HttpStatusCode.BadRequest, "options" },
            { "no-deadline", With("bad-no-deadline", "deadline_seconds", null), HttpStatusCode.BadRequest, "deadline_seconds" },
            { "no-creator", With("bad-no-creator", "created_by", null), HttpStatusCode.BadRequest, "created_by" },
            { "no-content-type", null, HttpStatusCode.UnsupportedMediaType, "application/json" },
            { "one-option", With("bad-one-option", "options", new[] { "yes" }), HttpStatusCode.UnprocessableEntity, "2 to 20" },
            { "many-options", With("bad-many-options", "options", Enumerable.Range(0, 21).Select(i => $"o{i}").ToArray()), HttpStatusCode.UnprocessableEntity, "2 to 20" },
            { "same-options", With("bad-same-options", "options", new[] { "yes", "Yes" }), HttpStatusCode.UnprocessableEntity, "repeats" },
            { "empty-option", With("bad-empty-option", "options", new[] { "yes", " " }), HttpStatusCode.UnprocessableEntity, "options[1] must not be empty" },
            { "abstain-option", With("bad-abstain-option", "options", new[] { "yes", "abstain" }), HttpStatusCode.UnprocessableEntity, "reserved" },
            { "no-voters", With("bad-no-voters", "voters", Array.Empty<string>()), HttpStatusCode.UnprocessableEntity, "1 to 1000" },
            { "many-voters", With("bad-many-voters", "voters", Enumerable.Range(0, 1001).Select(i => $"v{i}").ToArray()), HttpStatusCode.UnprocessableEntity, "1 to 1000" },
            { "same-voters", With("bad-same-voters", "voters", new[] { "a", "a" }), HttpStatusCode.UnprocessableEntity, "listed twice" },
            { "zero-deadline", With("bad-zero-deadline", "deadline_seconds", 0), HttpStatusCode.UnprocessableEntity, "deadline_seconds" },
            { "long-deadline", With("bad-long-deadline", "deadline_seconds", 604_801), HttpStatusCode.UnprocessableEntity, "deadline_seconds" },
            { "zero-ratio", With("bad-zero-ratio", "required_ratio", 0), HttpStatusCode.UnprocessableEntity, "required_ratio" },
            { "big-ratio", With("bad-big-ratio", "required_ratio", 1.5), HttpStatusCode.UnprocessableEntity, "required_ratio" },
            { "long-question", With("bad-long-question", "question", new string('q', 2001)), HttpStatusCode.UnprocessableEntity, "question" },
            { "bad-id", With("bad id", "question", "Fine?"), HttpStatusCode.UnprocessableEntity, "id must be" },
        };
    }

    [Theory]
    [MemberData(nameof(BadVotes))]
    public async Task Bad_vote_requests_get_problems_saying_what_was_wrong_and_create_nothing(
        string name, string? json, HttpStatusCode status, string detailContains)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/votes")
        {
            Content = json is null ? new StringContent("{}", Encoding.UTF8, "text/plain") : new StringContent(json, Encoding.UTF8, "application/json"),
        };

        await AssertProblemAsync(await Http.SendAsync(request), status, detailContains);

        using var read = await Http.GetAsync($"/v1/votes/bad-{name}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Bad_ballots_get_problems_saying_what_was_wrong_and_change_nothing()
    {
        var id = NewId("ballots");
        await CreateAsync(Vote(id, ["a", "b", "c"]));
        await CastAsync(id, "a", "yes");

        await AssertProblemAsync(await BallotAsync("no-such-vote", "a", "yes"), HttpStatusCode.NotFound, "no-such-vote");
        await AssertProblemAsync(await BallotAsync(id, "mallory", "yes"), HttpStatusCode.UnprocessableEntity, "'mallory' is not an eligible voter");
        await AssertProblemAsync(await BallotAsync(id, "b", "maybe"), HttpStatusCode.UnprocessableEntity, "'maybe' is not an option");
        await AssertProblemAsync(await BallotAsync(id, "a", "no"), HttpStatusCode.Conflict, "'a' already voted 'yes'");
        await AssertProblemAsync(await BallotAsync(id, "b", "yes", new string('r', 2001)), HttpStatusCode.UnprocessableEntity, "rationale");
        await AssertProblemAsync(await Http.PostAsJsonAsync($"/v1/votes/{id}/ballots", new { voter = "b" }), HttpStatusCode.BadRequest, "choice");
        await AssertProblemAsync(
            await Http.PostAsync($"/v1/votes/{id}/ballots", new StringContent("{\"voter\": ", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest,
            "not valid JSON");
        await AssertProblemAsync(
            await Http.PostAsync($"/v1/votes/{id}/ballots", new StringContent("voter=b", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType,
            "application/json");
        await AssertProblemAsync(await Http.GetAsync("/v1/votes/no-such-vote"), HttpStatusCode.NotFound, "no-such-vote");
        await AssertProblemAsync(await Http.GetAsync("/v1/votes/bad%20id"), HttpStatusCode.BadRequest, "vote id");

        var vote = await Json.ReadAsync(await Http.GetAsync($"/v1/votes/{id}"));
        var ballot = Assert.Single(vote.GetProperty("ballots").EnumerateArray());
        Assert.Equal("yes", ballot.GetProperty("choice").GetString());
        Assert.Equal("open", vote.GetProperty("status").GetString());
        Assert.Single(await MessagesAboutAsync($"vote:{id}", "vote_response", id));
    }
}
