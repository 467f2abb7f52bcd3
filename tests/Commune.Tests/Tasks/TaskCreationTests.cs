using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>POST /v1/tasks and /v1/tasks/batch: what is refused, with which status, and that a refused batch writes nothing.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskCreationTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_task_without_dependencies_is_created_pending_with_its_fields()
    {
        var id = TaskApi.NewPrefix("create") + "-a";

        var response = await Api.PostAsync("/v1/tasks", new { id, title = "Write the summary", priority = "high", tags = new[] { "docs" } });
        var json = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v1/tasks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal("high", json.GetProperty("priority").GetString());
        Assert.Equal(3, json.GetProperty("max_attempts").GetInt32());
        Assert.Equal("pending", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task Unknown_dependencies_are_refused_with_422_naming_them_and_nothing_is_written()
    {
        var prefix = TaskApi.NewPrefix("unknown");
        var known = prefix + "-known";
        await Api.CreateAsync(new { id = known, title = "exists" });

        var response = await Api.PostAsync("/v1/tasks", new
        {
            id = prefix + "-new",
            title = "depends on ghosts",
            depends_on = new[] { known, prefix + "-ghost1", prefix + "-ghost2" },
        });
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");

        Assert.Equal([prefix + "-ghost1", prefix + "-ghost2"], TaskApi.Strings(problem.GetProperty("items")));
        Assert.Contains(prefix + "-ghost1", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Contains(prefix + "-ghost2", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/tasks/{prefix}-new")).StatusCode);
        Assert.Empty((await Api.GetAsync(known)).GetProperty("dependents").EnumerateArray());
    }

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(2, 1, 0)]
    [InlineData(1, 2, 0)]
    public async Task A_dependency_cycle_in_a_batch_is_refused_naming_the_cycle_whatever_the_order_and_nothing_is_written(int first, int second, int third)
    {
        var prefix = TaskApi.NewPrefix("cycle");
        string[] ids = [prefix + "-a", prefix + "-b", prefix + "-c"];
        var independent = prefix + "-free";

        // a waits for b, b for c, c for a; plus a task outside the cycle that would be valid on its own.
        object[] tasks =
        [
            new { id = ids[0], title = "A", depends_on = new[] { ids[1] } },
            new { id = ids[1], title = "B", depends_on = new[] { ids[2] } },
            new { id = ids[2], title = "C", depends_on = new[] { ids[0] } },
        ];
        var response = await Api.PostAsync("/v1/tasks/batch", new { tasks = new[] { new { id = independent, title = "free" }, tasks[first], tasks[second], tasks[third] } });
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");

        var cycle = TaskApi.Strings(problem.GetProperty("items"));
        Assert.Equal(4, cycle.Count);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), cycle.Take(3).Order(StringComparer.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            // Each step follows a "waits for" edge: x → y means x depends on y.
            var from = Array.IndexOf(ids, cycle[i]);
            Assert.Equal(ids[(from + 1) % 3], cycle[i + 1]);
        }

        Assert.Contains(string.Join(" → ", cycle), problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        foreach (var id in ids.Append(independent))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/tasks/{id}")).StatusCode);
        }

        var listed = await Json.ReadAsync(await Api.Client.GetAsync("/v1/tasks?limit=1000"));
        Assert.DoesNotContain(listed.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetString()!.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_may_list_dependents_before_their_dependencies()
    {
        var prefix = TaskApi.NewPrefix("order");
        var batch = await Api.CreateBatchAsync(
            new { id = prefix + "-c", title = "C", depends_on = new[] { prefix + "-b" } },
            new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } },
            new { id = prefix + "-a", title = "A" });

        var statuses = batch.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("status").GetString());
        Assert.Equal("blocked", statuses[prefix + "-c"]);
        Assert.Equal("blocked", statuses[prefix + "-b"]);
        Assert.Equal("pending", statuses[prefix + "-a"]);
        Assert.Equal([prefix + "-b"], TaskApi.Strings((await Api.GetAsync(prefix + "-a")).GetProperty("dependents")));
    }

    [Fact]
    public async Task An_existing_id_is_refused_with_409_and_the_task_is_unchanged()
    {
        var id = TaskApi.NewPrefix("dup") + "-a";
        await Api.CreateAsync(new { id, title = "first" });

        var response = await Api.PostAsync("/v1/tasks", new { id, title = "second", priority = "critical" });
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.Conflict, "already_exists");

        Assert.Contains(id, TaskApi.Strings(problem.GetProperty("items")));
        var task = await Api.GetAsync(id);
        Assert.Equal("first", task.GetProperty("title").GetString());
        Assert.Equal("medium", task.GetProperty("priority").GetString());
    }

    public static TheoryData<string, string> UnacceptableTasks => new()
    {
        { """{"title": "t", "priority": "urgent"}""", "priority" },
        { """{"priority": "low"}""", "title" },
        { """{"title": "   "}""", "title" },
        { """{"title": "t", "id": "has space"}""", "id" },
        { """{"title": "t", "max_attempts": 0}""", "max_attempts" },
        { """{"title": "t", "max_attempts": 11}""", "max_attempts" },
        { """{"title": "t", "done_checks": [{"kind": "vibes"}]}""", "done_checks" },
        { """{"title": "t", "done_checks": [{"kind": "result_fields"}]}""", "done_checks" },
        { """{"title": "t", "tags": ["two words"]}""", "tags" },
    };

    [Theory]
    [MemberData(nameof(UnacceptableTasks))]
    public async Task Unacceptable_fields_are_refused_with_422_naming_the_field(string body, string field)
    {
        var response = await Api.PostRawAsync("/v1/tasks", body);
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Contains(field, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_depending_on_itself_is_refused_with_422()
    {
        var id = TaskApi.NewPrefix("self") + "-a";
        var response = await Api.PostAsync("/v1/tasks", new { id, title = "loop", depends_on = new[] { id } });

        await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/tasks/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_subtask_depending_on_its_own_parent_is_refused_as_a_cycle()
    {
        var prefix = TaskApi.NewPrefix("parent-cycle");
        await Api.CreateAsync(new { id = prefix + "-parent", title = "whole" });

        var response = await Api.PostAsync("/v1/tasks", new { id = prefix + "-child", title = "part", parent_id = prefix + "-parent", depends_on = new[] { prefix + "-parent" } });

        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("cycle", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/tasks/{prefix}-child")).StatusCode);
        var parent = await Api.GetAsync(prefix + "-parent");
        Assert.Equal("pending", parent.GetProperty("status").GetString());
        Assert.Empty(parent.GetProperty("children").EnumerateArray());
    }

    [Theory]
    [InlineData("/v1/tasks", "{\"title\": ")]
    [InlineData("/v1/tasks", "not json")]
    [InlineData("/v1/tasks", "{\"title\": 5}")]
    [InlineData("/v1/tasks/batch", "{\"tasks\": [ {\"title\": \"x\"}, ]")]
    public async Task Malformed_json_is_refused_with_400(string path, string body)
    {
        var response = await Api.PostRawAsync(path, body);
        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/v1/tasks", "text/plain")]
    [InlineData("/v1/tasks/batch", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_by_content_type_is_refused_with_415(string path, string mediaType)
    {
        var response = await Api.PostRawAsync(path, "{\"title\": \"x\"}", mediaType);

        await TaskApi.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Getting_a_task_that_was_never_created_is_404()
    {
        var response = await Api.Client.GetAsync($"/v1/tasks/{TaskApi.NewPrefix("never")}");

        await TaskApi.ProblemAsync(response, HttpStatusCode.NotFound);
    }
}
