using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>Definition-of-done checks: a completion that fails one is refused and the task stays held; review by another agent.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskDoneCheckTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_completion_without_a_required_result_field_is_422_listing_the_check_and_the_task_stays_held()
    {
        var id = TaskApi.NewPrefix("fields") + "-a";
        await Api.CreateAsync(new { id, title = "summarise", done_checks = new[] { new { kind = "result_fields", fields = new[] { "summary" } } } });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");

        var refused = await Api.HolderAsync(id, "complete", "agent-1", epoch, result: new { notes = "forgot the summary", summary = (string?)null });
        var problem = await TaskApi.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "done_checks_failed");

        var failing = Assert.Single(TaskApi.Strings(problem.GetProperty("items")));
        Assert.Contains("result_fields", failing, StringComparison.Ordinal);
        Assert.Contains("summary", failing, StringComparison.Ordinal);
        var held = await Api.GetAsync(id);
        Assert.Equal("claimed", held.GetProperty("status").GetString());
        Assert.Equal("agent-1", held.GetProperty("agent_id").GetString());
        Assert.Equal(epoch, held.GetProperty("epoch").GetInt64());

        var completed = await Api.HolderOkAsync(id, "complete", "agent-1", epoch, result: new { summary = "all good" });
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal("all good", completed.GetProperty("result").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Review_approved_work_needs_another_agents_approval_and_requested_changes_come_back_as_constraints()
    {
        var id = TaskApi.NewPrefix("review") + "-a";
        await Api.CreateAsync(new { id, title = "patch the parser", done_checks = new[] { new { kind = "review_approved" } } });
        var epoch = await Api.ClaimOkAsync(id, "agent-worker");

        // Completing without a review is refused.
        var direct = await Api.HolderAsync(id, "complete", "agent-worker", epoch, result: new { diff = "v1" });
        var problem = await TaskApi.ProblemAsync(direct, HttpStatusCode.UnprocessableEntity, "done_checks_failed");
        Assert.Contains(TaskApi.Strings(problem.GetProperty("items")), i => i.Contains("review_approved", StringComparison.Ordinal));
        Assert.Equal("claimed", await Api.StatusAsync(id));

        // Submitting puts it in review and asks the reviewers.
        var submitted = await Api.HolderOkAsync(id, "submit", "agent-worker", epoch, result: new { diff = "v1" });
        Assert.Equal("pending_review", submitted.GetProperty("status").GetString());
        var request = Assert.Single(await Api.TopicAsync("reviews"),
            m => m.GetProperty("type").GetString() == "review_request" && m.GetProperty("payload").GetProperty("task_id").GetString() == id);
        Assert.Equal("agent-worker", request.GetProperty("payload").GetProperty("requested_by").GetString());

        // The worker cannot review its own work.
        var self = await Api.PostAsync($"/v1/tasks/{id}/review", new { agent_id = "agent-worker", approved = true, issues = Array.Empty<string>() });
        await TaskApi.ProblemAsync(self, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("pending_review", await Api.StatusAsync(id));

        // Another agent asks for changes: back to the worker with the issues attached.
        var changes = await Api.PostAsync($"/v1/tasks/{id}/review", new { agent_id = "agent-reviewer", approved = false, issues = new[] { "missing tests", "typo in README" } });
        var reworked = await Json.ReadAsync(changes);
        Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        Assert.Equal("in_progress", reworked.GetProperty("status").GetString());
        Assert.Equal("agent-worker", reworked.GetProperty("agent_id").GetString());
        var constraint = Assert.Single(TaskApi.Strings(reworked.GetProperty("constraints")));
        Assert.Contains("missing tests", constraint, StringComparison.Ordinal);
        Assert.Contains("typo in README", constraint, StringComparison.Ordinal);

        // Resubmitted and approved: completed with the submitted result.
        await Api.HolderOkAsync(id, "submit", "agent-worker", epoch, result: new { diff = "v2" });
        var approve = await Api.PostAsync($"/v1/tasks/{id}/review", new { agent_id = "agent-reviewer", approved = true });
        var done = await Json.ReadAsync(approve);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("v2", done.GetProperty("result").GetProperty("diff").GetString());
        Assert.Equal(2, done.GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task Reviewing_a_task_that_is_not_in_review_is_409()
    {
        var id = TaskApi.NewPrefix("no-review") + "-a";
        await Api.CreateAsync(new { id, title = "t" });
        await Api.ClaimOkAsync(id, "agent-worker");

        var response = await Api.PostAsync($"/v1/tasks/{id}/review", new { agent_id = "agent-reviewer", approved = true });

        await TaskApi.ProblemAsync(response, HttpStatusCode.Conflict, "wrong_state");
        Assert.Equal("claimed", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task A_task_in_review_cannot_be_completed_by_its_worker_directly()
    {
        var id = TaskApi.NewPrefix("in-review") + "-a";
        await Api.CreateAsync(new { id, title = "t", done_checks = new[] { new { kind = "review_approved" } } });
        var epoch = await Api.ClaimOkAsync(id, "agent-worker");
        await Api.HolderOkAsync(id, "submit", "agent-worker", epoch, result: "work");

        await TaskApi.ProblemAsync(await Api.HolderAsync(id, "complete", "agent-worker", epoch, result: "work"), HttpStatusCode.Conflict, "wrong_state");
        Assert.Equal("pending_review", await Api.StatusAsync(id));
    }
}
