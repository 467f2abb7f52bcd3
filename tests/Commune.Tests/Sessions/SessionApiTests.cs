using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Sessions;

/// <summary>Ephemeral sessions over HTTP: one-off answers, continued conversations, ending, deleting, and every refusal.</summary>
[Collection(SessionCollection.Name)]
public sealed class SessionApiTests(SessionGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_research_session_answers_its_prompt_through_the_labelled_simulator_and_completes()
    {
        var id = NewId("research");
        using var created = await Client.PostAsJsonAsync("/v1/sessions",
            new { id, kind = "research", profile = "research", prompt = "Find three facts about Orleans reminders." });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/sessions/{id}", created.Headers.Location?.ToString());
        var session = await Json.ReadAsync(created);
        Assert.Equal(id, session.GetProperty("id").GetString());
        Assert.Equal("completed", session.GetProperty("status").GetString());
        Assert.True(session.GetProperty("run_to_completion").GetBoolean());
        Assert.True(session.GetProperty("simulated").GetBoolean());
        var turns = session.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal("user", turns[0].GetProperty("role").GetString());
        Assert.Equal("Find three facts about Orleans reminders.", turns[0].GetProperty("content").GetString());
        var answer = turns[1];
        Assert.Equal("assistant", answer.GetProperty("role").GetString());
        Assert.True(answer.GetProperty("simulated").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("provider").GetString()));
        Assert.Equal(answer.GetProperty("content").GetString(), session.GetProperty("result").GetString());
        Assert.Contains("simulat", session.GetProperty("result").GetString()!, StringComparison.OrdinalIgnoreCase);
        var tokens = session.GetProperty("tokens_spent").GetInt64();
        Assert.True(tokens > 0);
        Assert.Equal(tokens, answer.GetProperty("tokens").GetInt64());
        Assert.Equal(1, session.GetProperty("calls").GetInt64());
        Assert.Equal($"session:ephemeral:{id}", session.GetProperty("ledger").GetString());
        Assert.Equal(24 * 3600, session.GetProperty("ttl_seconds").GetInt64());

        // The result stays readable; the session takes no more messages; the spend is on its own ledger.
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(session.GetProperty("result").GetString(), (await Json.ReadAsync(read)).GetProperty("result").GetString());
        using var more = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "and a fourth?" });
        await AssertProblemAsync(more, HttpStatusCode.Conflict, "session_closed");
        using var ledger = await Client.GetAsync($"/v1/budgets/session/ephemeral:{id}");
        var budget = await Json.ReadAsync(ledger);
        Assert.Equal(tokens, budget.GetProperty("tokens_spent").GetInt64());
        Assert.Equal(1, budget.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task A_free_session_continues_with_the_whole_conversation_until_it_is_ended()
    {
        var id = NewId("free");
        using var created = await Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "mundane", token_limit = 100_000 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var empty = await Json.ReadAsync(created);
        Assert.Equal("free", empty.GetProperty("kind").GetString());
        Assert.Equal("active", empty.GetProperty("status").GetString());
        Assert.Empty(empty.GetProperty("turns").EnumerateArray());
        Assert.Equal(100_000, empty.GetProperty("token_limit").GetInt64());

        using var first = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Extract the dates." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var afterFirst = await Json.ReadAsync(first);
        using var second = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Now as a table." });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var afterSecond = await Json.ReadAsync(second);

        Assert.Equal("active", afterSecond.GetProperty("status").GetString());
        var turns = afterSecond.GetProperty("turns").EnumerateArray().Select(t => (t.GetProperty("role").GetString(), t.GetProperty("content").GetString())).ToList();
        Assert.Equal(4, turns.Count);
        Assert.Equal(("user", "Extract the dates."), turns[0]);
        Assert.Equal("assistant", turns[1].Item1);
        Assert.Equal(("user", "Now as a table."), turns[2]);
        Assert.Equal("assistant", turns[3].Item1);
        Assert.Equal(2, afterSecond.GetProperty("calls").GetInt64());

        // The second call was sent the whole conversation, so it consumed more input than the first.
        var firstTokens = afterFirst.GetProperty("tokens_spent").GetInt64();
        Assert.True(afterSecond.GetProperty("tokens_spent").GetInt64() - firstTokens > firstTokens);

        // Activity moved the deadline: expires_at is a ttl after the last answer.
        var last = afterSecond.GetProperty("last_activity_at").GetDateTimeOffset();
        Assert.True(last > afterFirst.GetProperty("last_activity_at").GetDateTimeOffset());
        Assert.Equal(last.AddHours(24), afterSecond.GetProperty("expires_at").GetDateTimeOffset());

        using var ended = await Client.PostAsync($"/v1/sessions/{id}/end", null);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("ended", (await Json.ReadAsync(ended)).GetProperty("status").GetString());
        using var refused = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "one more" });
        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "session_closed");
        using var endedAgain = await Client.PostAsync($"/v1/sessions/{id}/end", null);
        Assert.Equal(HttpStatusCode.OK, endedAgain.StatusCode);
        using var stillReadable = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(4, (await Json.ReadAsync(stillReadable)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task A_session_opened_with_messages_and_run_to_completion_false_stays_active_and_refuses_more_turns_than_allowed()
    {
        var id = NewId("conversation");
        var messages = new[]
        {
            new { role = "system", content = "Be brief." },
            new { role = "user", content = "Summarise: Orleans is a virtual actor framework." },
        };
        using var created = await Client.PostAsJsonAsync("/v1/sessions",
            new { id, kind = "summarisation", profile = "mundane", messages, run_to_completion = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await Json.ReadAsync(created);
        Assert.Equal("active", session.GetProperty("status").GetString());
        Assert.Equal(3, session.GetProperty("turns").GetArrayLength());

        // Sessions:MaxTurns is 6 here: one more exchange fits (5), the next would make 7.
        using var fits = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Shorter." });
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        using var full = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = "Shorter still." });
        await AssertProblemAsync(full, HttpStatusCode.UnprocessableEntity, "invalid_session");
        using var unchanged = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(5, (await Json.ReadAsync(unchanged)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task A_call_refused_by_the_token_limit_is_402_and_leaves_no_session_and_no_ledger()
    {
        var id = NewId("broke");
        using var created = await Client.PostAsJsonAsync("/v1/sessions",
            new { id, kind = "research", profile = "research", prompt = "Research everything.", token_limit = 1 });

        await AssertProblemAsync(created, HttpStatusCode.PaymentRequired, "call_failed");
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        await AssertProblemAsync(read, HttpStatusCode.NotFound, "session_not_found");
        var storage = new SessionStorage(fixture.Gateway.Services);
        Assert.False(await storage.SessionRecordExistsAsync(id));
        Assert.False(await storage.LedgerRecordExistsAsync(id));
        Assert.Equal(0, await storage.RemindersAsync(id));
    }

    [Fact]
    public async Task Delete_removes_the_session_its_ledger_and_its_reminder_at_once()
    {
        var id = NewId("delete");
        using var created = await Client.PostAsJsonAsync("/v1/sessions", new { id, kind = "research", profile = "research", prompt = "Quick one." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var storage = new SessionStorage(fixture.Gateway.Services);
        Assert.True(await storage.SessionRecordExistsAsync(id));
        Assert.True(await storage.LedgerRecordExistsAsync(id));
        Assert.Equal(1, await storage.RemindersAsync(id));

        using var deleted = await Client.DeleteAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(await storage.SessionRecordExistsAsync(id));
        Assert.False(await storage.LedgerRecordExistsAsync(id));
        Assert.Equal(0, await storage.RemindersAsync(id));
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var again = await Client.DeleteAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        // The id is free again.
        using var reused = await Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "mundane" });
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
    }

    public static TheoryData<string, string, int, string> InvalidCreates() => new()
    {
        { "unknown profile", """{"profile": "no-such-profile", "prompt": "hi"}""", 422, "unknown_profile" },
        { "ttl too short", """{"profile": "mundane", "ttl_seconds": 0}""", 422, "invalid_session" },
        { "ttl too long", """{"profile": "mundane", "ttl_seconds": 99999999999}""", 422, "invalid_session" },
        { "negative ttl", """{"profile": "mundane", "ttl_seconds": -5}""", 422, "invalid_session" },
        { "unknown kind", """{"profile": "mundane", "kind": "poetry"}""", 422, "invalid_session" },
        { "token limit zero", """{"profile": "mundane", "token_limit": 0}""", 422, "invalid_session" },
        { "bad role", """{"profile": "mundane", "messages": [{"role": "tool", "content": "x"}]}""", 422, "invalid_session" },
        { "assistant last", """{"profile": "mundane", "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}""", 422, "invalid_session" },
        { "blank prompt", """{"profile": "mundane", "prompt": "  "}""", 422, "invalid_session" },
        { "missing profile", """{"prompt": "hi"}""", 400, "invalid_request" },
        { "prompt and messages", """{"profile": "mundane", "prompt": "a", "messages": [{"role": "user", "content": "b"}]}""", 400, "invalid_request" },
        { "message without content", """{"profile": "mundane", "messages": [{"role": "user"}]}""", 400, "invalid_request" },
        { "bad id", """{"profile": "mundane", "id": "not ok!"}""", 400, "invalid_request" },
        { "reserved id", """{"profile": "mundane", "id": "GitHub"}""", 400, "invalid_request" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task An_invalid_create_is_refused_with_a_problem_and_creates_nothing(string why, string body, int status, string code)
    {
        var id = NewId("invalid");
        var json = body.Contains("\"id\"", StringComparison.Ordinal) ? body : body.Insert(1, $"\"id\": \"{id}\", ");
        using var response = await Client.PostAsync("/v1/sessions", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, (HttpStatusCode)status, code);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Malformed_requests_and_unknown_or_reserved_ids_get_problems()
    {
        using var notJson = await Client.PostAsync("/v1/sessions", new StringContent("profile=mundane", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        using var broken = await Client.PostAsync("/v1/sessions", new StringContent("{\"profile\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);

        var unknown = NewId("unknown");
        using var get = await Client.GetAsync($"/v1/sessions/{unknown}");
        await AssertProblemAsync(get, HttpStatusCode.NotFound, "session_not_found");
        using var send = await Client.PostAsJsonAsync($"/v1/sessions/{unknown}/messages", new { content = "hello?" });
        await AssertProblemAsync(send, HttpStatusCode.NotFound, "session_not_found");
        using var end = await Client.PostAsync($"/v1/sessions/{unknown}/end", null);
        await AssertProblemAsync(end, HttpStatusCode.NotFound, "session_not_found");
        using var reserved = await Client.GetAsync("/v1/sessions/github");
        await AssertProblemAsync(reserved, HttpStatusCode.BadRequest, "invalid_request");

        var id = NewId("dup");
        using var first = await Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "mundane" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var duplicate = await Client.PostAsJsonAsync("/v1/sessions", new { id, profile = "research" });
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "session_exists");
        using var noContent = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { text = "wrong field" });
        await AssertProblemAsync(noContent, HttpStatusCode.BadRequest, "invalid_request");
        using var blank = await Client.PostAsJsonAsync($"/v1/sessions/{id}/messages", new { content = " " });
        await AssertProblemAsync(blank, HttpStatusCode.UnprocessableEntity, "invalid_session");
        using var read = await Client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal("mundane", (await Json.ReadAsync(read)).GetProperty("profile").GetString());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
