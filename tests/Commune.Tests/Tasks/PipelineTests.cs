using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>
/// Pipelines as agents meet them over HTTP: stage tasks found with <c>GET /v1/tasks/next?role=…</c>, claimed and completed or failed
/// through the ordinary task routes; each stage's input is the previous stage's result.
/// </summary>
public sealed class PipelineTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private HttpClient Http => fixture.Gateway.Client;

    [Fact]
    public async Task Three_stages_run_in_order_each_taking_the_previous_result_and_the_last_result_is_the_output()
    {
        var id = NewId();
        var names = new[] { "analyze", "refactor", "test" };
        var roles = names.Select(n => $"{n}-{id}").ToArray();
        var input = new { repo = "commune", files = new[] { "a.cs", "b.cs" } };
        using var created = await Http.PostAsJsonAsync("/v1/pipelines", new
        {
            id,
            title = "Improve the parser",
            stages = names.Select((n, i) => new { name = n, role = roles[i] }).ToArray(),
            input,
            created_by = "orchestrator-1",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/pipelines/{id}", created.Headers.Location?.OriginalString);
        var started = await Json.ReadAsync(created);
        Assert.Equal("running", started.GetProperty("status").GetString());
        Assert.Equal(0, started.GetProperty("current_stage").GetInt32());
        Assert.Equal(JsonValueKind.Null, started.GetProperty("stages")[1].GetProperty("task_id").ValueKind);

        var expectedInput = JsonSerializer.Serialize(input);
        var results = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var agent = $"agent-{names[i]}";

            // A stage is offered only to its role: the previous stage's role finds nothing now.
            if (i > 0)
            {
                using var other = await Http.GetAsync($"/v1/tasks/next?agent_id={agent}&role={roles[i - 1]}");
                Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
            }

            var task = await NextAsync(agent, roles[i]);
            Assert.Equal($"{id}.{i}.{names[i]}", task.GetProperty("id").GetString());
            Assert.Equal(roles[i], task.GetProperty("role").GetString());
            Assert.Equal(id, task.GetProperty("pipeline_id").GetString());
            Assert.Equal($"Pipeline Improve the parser: {names[i]}", task.GetProperty("title").GetString());
            Assert.Contains($"pipeline:{id}", task.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Contains($"stage:{names[i]}", task.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            AssertJsonEqual(expectedInput, task.GetProperty("input"));

            var result = JsonSerializer.Serialize(new { stage = names[i], summary = $"done {names[i]}", n = i });
            await ClaimAndCompleteAsync(task.GetProperty("id").GetString()!, agent, result);
            results.Add(result);
            expectedInput = result;
        }

        var pipeline = await GetPipelineAsync(id);
        Assert.Equal("completed", pipeline.GetProperty("status").GetString());
        Assert.Equal(2, pipeline.GetProperty("current_stage").GetInt32());
        AssertJsonEqual(results[^1], pipeline.GetProperty("output"));
        AssertJsonEqual(JsonSerializer.Serialize(input), pipeline.GetProperty("input"));
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("error").ValueKind);
        Assert.Equal("orchestrator-1", pipeline.GetProperty("created_by").GetString());
        var stages = pipeline.GetProperty("stages").EnumerateArray().ToList();
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(names[i], stages[i].GetProperty("name").GetString());
            Assert.Equal($"{id}.{i}.{names[i]}", stages[i].GetProperty("task_id").GetString());
            Assert.Equal("completed", stages[i].GetProperty("status").GetString());
            AssertJsonEqual(results[i], stages[i].GetProperty("output"));
        }
    }

    [Fact]
    public async Task A_stage_that_fails_its_last_attempt_fails_the_pipeline_with_its_error_and_no_later_stage_is_created()
    {
        var id = NewId();
        using var created = await Http.PostAsJsonAsync("/v1/pipelines", new
        {
            id,
            title = "Doomed",
            stages = new object[]
            {
                new { name = "fetch", role = $"fetch-{id}" },
                new { name = "build", role = $"build-{id}", title = "Build it", description = "compile everything", max_attempts = 1 },
                new { name = "ship", role = $"ship-{id}" },
            },
            input = "start",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var fetch = await NextAsync("fetcher", $"fetch-{id}");
        await ClaimAndCompleteAsync(fetch.GetProperty("id").GetString()!, "fetcher", "{\"fetched\":true}");

        var build = await NextAsync("builder", $"build-{id}");
        var buildId = build.GetProperty("id").GetString()!;
        Assert.Equal("Build it", build.GetProperty("title").GetString());
        Assert.Equal("compile everything", build.GetProperty("description").GetString());
        Assert.Equal(1, build.GetProperty("max_attempts").GetInt32());
        var epoch = await ClaimAsync(buildId, "builder");
        using (var failed = await Http.PostAsJsonAsync($"/v1/tasks/{buildId}/fail", new { agent_id = "builder", epoch, error = "compiler exploded" }))
        {
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Equal("failed", (await Json.ReadAsync(failed)).GetProperty("status").GetString());
        }

        var pipeline = await GetPipelineAsync(id);
        Assert.Equal("failed", pipeline.GetProperty("status").GetString());
        Assert.Equal("compiler exploded", pipeline.GetProperty("error").GetString());
        Assert.Equal("build", pipeline.GetProperty("failed_stage").GetString());
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("output").ValueKind);
        var stages = pipeline.GetProperty("stages");
        Assert.Equal("completed", stages[0].GetProperty("status").GetString());
        Assert.Equal("failed", stages[1].GetProperty("status").GetString());
        Assert.Equal("compiler exploded", stages[1].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, stages[2].GetProperty("task_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, stages[2].GetProperty("status").ValueKind);

        using var ship = await Http.GetAsync($"/v1/tasks/{id}.2.ship");
        Assert.Equal(HttpStatusCode.NotFound, ship.StatusCode);
        using var tagged = await Http.GetAsync($"/v1/tasks?tag=pipeline:{id}");
        var ids = (await Json.ReadAsync(tagged)).GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal([$"{id}.0.fetch", $"{id}.1.build"], ids);
    }

    [Fact]
    public async Task Cancel_stops_the_pipeline_and_cancels_the_running_stage_task_without_deadlocking()
    {
        var id = NewId();
        using var created = await Http.PostAsJsonAsync("/v1/pipelines", new
        {
            id,
            title = "Cancelled",
            stages = new[] { new { name = "draft", role = $"draft-{id}" }, new { name = "edit", role = $"edit-{id}" } },
            input = new { topic = "x" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await NextAsync("drafter", $"draft-{id}");
        var draftId = draft.GetProperty("id").GetString()!;
        await ClaimAsync(draftId, "drafter");

        var held = await GetPipelineAsync(id);
        Assert.Equal("claimed", held.GetProperty("stages")[0].GetProperty("status").GetString());

        var clock = Stopwatch.StartNew();
        using var cancel = await Http.PostAsJsonAsync($"/v1/pipelines/{id}/cancel", new { reason = "priorities changed" });
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancel took {clock.Elapsed}: the stage's callback waited behind the cancel");
        var body = await Json.ReadAsync(cancel);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal("priorities changed", body.GetProperty("error").GetString());
        Assert.Equal("cancelled", body.GetProperty("stages")[0].GetProperty("status").GetString());

        using var task = await Http.GetAsync($"/v1/tasks/{draftId}");
        var taskBody = await Json.ReadAsync(task);
        Assert.Equal("cancelled", taskBody.GetProperty("status").GetString());
        Assert.Equal("priorities changed", taskBody.GetProperty("error").GetString());

        var pipeline = await GetPipelineAsync(id);
        Assert.Equal("cancelled", pipeline.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("failed_stage").ValueKind);
        Assert.Equal("cancelled", pipeline.GetProperty("stages")[0].GetProperty("status").GetString());
        using var edit = await Http.GetAsync($"/v1/tasks/{id}.1.edit");
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);

        using var again = await Http.PostAsJsonAsync($"/v1/pipelines/{id}/cancel", new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("finished", (await Json.ReadAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_pipeline_without_an_id_gets_one_and_can_be_read_back()
    {
        using var created = await Http.PostAsJsonAsync("/v1/pipelines", new { title = "Anonymous", stages = new[] { new { name = "only", role = "solo-" + NewId() } } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetString()!;
        Assert.StartsWith("pipeline_", id, StringComparison.Ordinal);
        var pipeline = await GetPipelineAsync(id);
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("input").ValueKind);
        Assert.Equal($"{id}.0.only", pipeline.GetProperty("stages")[0].GetProperty("task_id").GetString());
    }

    public static TheoryData<string, string, HttpStatusCode> BadBodies => new()
    {
        { "not JSON", "{\"title\": ", HttpStatusCode.BadRequest },
        { "stages not an array", "{\"title\": \"t\", \"stages\": 5}", HttpStatusCode.BadRequest },
        { "max_attempts not a number", "{\"title\": \"t\", \"stages\": [{\"name\": \"a\", \"role\": \"r\", \"max_attempts\": \"x\"}]}", HttpStatusCode.BadRequest },
        { "no stages", "{\"title\": \"t\", \"stages\": []}", HttpStatusCode.UnprocessableEntity },
        { "stages missing", "{\"title\": \"t\"}", HttpStatusCode.UnprocessableEntity },
        { "21 stages", $"{{\"title\": \"t\", \"stages\": [{string.Join(",", Enumerable.Range(0, 21).Select(i => $"{{\"name\": \"s{i}\", \"role\": \"r\"}}"))}]}}", HttpStatusCode.UnprocessableEntity },
        { "a null stage", "{\"title\": \"t\", \"stages\": [null]}", HttpStatusCode.UnprocessableEntity },
        { "repeated stage names", "{\"title\": \"t\", \"stages\": [{\"name\": \"a\", \"role\": \"r\"}, {\"name\": \"a\", \"role\": \"q\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a stage name with a space", "{\"title\": \"t\", \"stages\": [{\"name\": \"a b\", \"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a stage name with a dot", "{\"title\": \"t\", \"stages\": [{\"name\": \"a.b\", \"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a stage name of 51 characters", $"{{\"title\": \"t\", \"stages\": [{{\"name\": \"{new string('n', 51)}\", \"role\": \"r\"}}]}}", HttpStatusCode.UnprocessableEntity },
        { "a stage without a name", "{\"title\": \"t\", \"stages\": [{\"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a stage without a role", "{\"title\": \"t\", \"stages\": [{\"name\": \"a\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a role of 101 characters", $"{{\"title\": \"t\", \"stages\": [{{\"name\": \"a\", \"role\": \"{new string('r', 101)}\"}}]}}", HttpStatusCode.UnprocessableEntity },
        { "a stage with max_attempts 0", "{\"title\": \"t\", \"stages\": [{\"name\": \"a\", \"role\": \"r\", \"max_attempts\": 0}]}", HttpStatusCode.UnprocessableEntity },
        { "no title", "{\"stages\": [{\"name\": \"a\", \"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "a title of 501 characters", $"{{\"title\": \"{new string('t', 501)}\", \"stages\": [{{\"name\": \"a\", \"role\": \"r\"}}]}}", HttpStatusCode.UnprocessableEntity },
        { "an input over 256 KB", $"{{\"title\": \"t\", \"stages\": [{{\"name\": \"a\", \"role\": \"r\"}}], \"input\": \"{new string('x', 256 * 1024)}\"}}", HttpStatusCode.UnprocessableEntity },
        { "an id with a slash", "{\"id\": \"a/b\", \"title\": \"t\", \"stages\": [{\"name\": \"a\", \"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "an empty id", "{\"id\": \"\", \"title\": \"t\", \"stages\": [{\"name\": \"a\", \"role\": \"r\"}]}", HttpStatusCode.UnprocessableEntity },
        { "an id of 65 characters", $"{{\"id\": \"{new string('i', 65)}\", \"title\": \"t\", \"stages\": [{{\"name\": \"a\", \"role\": \"r\"}}]}}", HttpStatusCode.UnprocessableEntity },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_pipeline_is_refused_and_nothing_is_created(string why, string json, HttpStatusCode expected)
    {
        using var response = await Http.PostAsync("/v1/pipelines", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.True(expected == response.StatusCode, $"{why}: expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_pipeline_that_is_not_json_is_refused_with_415()
    {
        using var response = await Http.PostAsync("/v1/pipelines", new StringContent("{\"title\": \"t\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_existing_pipeline_id_is_refused_with_409_and_the_first_pipeline_is_unchanged()
    {
        var id = NewId();
        var body = new { id, title = "First", stages = new[] { new { name = "a", role = "r-" + id } } };
        using var first = await Http.PostAsJsonAsync("/v1/pipelines", body);
        using var second = await Http.PostAsJsonAsync("/v1/pipelines", body with { title = "Second" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("already_exists", (await Json.ReadAsync(second)).GetProperty("code").GetString());
        Assert.Equal("First", (await GetPipelineAsync(id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unknown_pipelines_are_404_to_read_and_to_cancel()
    {
        using var get = await Http.GetAsync("/v1/pipelines/no-such-pipeline");
        using var cancel = await Http.PostAsJsonAsync("/v1/pipelines/no-such-pipeline/cancel", new { reason = "why not" });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal("not_found", (await Json.ReadAsync(cancel)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cancel_needs_a_json_body_with_a_reason()
    {
        var id = NewId();
        using var created = await Http.PostAsJsonAsync("/v1/pipelines", new { id, title = "t", stages = new[] { new { name = "a", role = "r-" + id } } });
        using var noReason = await Http.PostAsJsonAsync($"/v1/pipelines/{id}/cancel", new { reason = " " });
        using var notJson = await Http.PostAsync($"/v1/pipelines/{id}/cancel", new StringContent("stop", Encoding.UTF8, "text/plain"));
        using var malformed = await Http.PostAsync($"/v1/pipelines/{id}/cancel", new StringContent("{", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("running", (await GetPipelineAsync(id)).GetProperty("status").GetString());
    }

    private static string NewId() => "p" + Guid.NewGuid().ToString("N")[..12];

    private static void AssertJsonEqual(string expected, JsonElement actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())), $"expected {expected}, got {actual.GetRawText()}");

    /// <summary>Polls <c>next</c> for the role: a stage's task is created while the previous completion is answered, so this is quick.</summary>
    private async Task<JsonElement> NextAsync(string agent, string role)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await Http.GetAsync($"/v1/tasks/next?agent_id={agent}&role={role}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await Json.ReadAsync(response);
            }

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, $"no task was offered to role '{role}'");
            await Task.Delay(100);
        }
    }

    private async Task<long> ClaimAsync(string taskId, string agent)
    {
        using var claim = await Http.PostAsJsonAsync($"/v1/tasks/{taskId}/claim", new { agent_id = agent });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        return (await Json.ReadAsync(claim)).GetProperty("epoch").GetInt64();
    }

    private async Task ClaimAndCompleteAsync(string taskId, string agent, string resultJson)
    {
        var epoch = await ClaimAsync(taskId, agent);
        using var complete = await Http.PostAsJsonAsync($"/v1/tasks/{taskId}/complete", new { agent_id = agent, epoch, result = JsonNode.Parse(resultJson) });
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    private async Task<JsonElement> GetPipelineAsync(string id)
    {
        using var response = await Http.GetAsync($"/v1/pipelines/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }
}
