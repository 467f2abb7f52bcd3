using System.Net;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>Decomposition: a parent waits for its subtasks, then completes with their results in order and the partial results sent to it.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskDecompositionTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_parent_is_blocked_until_all_subtasks_complete_then_completed_with_their_results_in_order()
    {
        var prefix = TaskApi.NewPrefix("decomp");
        var parent = prefix + "-parent";
        var children = Enumerable.Range(1, 5).Select(i => $"{prefix}-part{i}").ToArray();
        await Api.CreateBatchAsync([new { id = parent, title = "the whole" }, .. children.Select(c => (object)new { id = c, title = c, parent_id = parent })]);

        var waiting = await Api.GetAsync(parent);
        Assert.Equal("blocked", waiting.GetProperty("status").GetString());
        Assert.Equal(children, TaskApi.Strings(waiting.GetProperty("children")));
        await TaskApi.ProblemAsync(await Api.ClaimAsync(parent, "agent-boss"), HttpStatusCode.Conflict, "not_ready");

        // Finished out of order: the parent's result still lists them as they were listed.
        foreach (var child in children.Reverse().Skip(1))
        {
            await Api.ClaimAndCompleteAsync(child, "agent-" + child[^1], new { part = child });
            Assert.Equal("blocked", await Api.StatusAsync(parent));
        }

        await Api.ClaimAndCompleteAsync(children[^1], "agent-last", new { part = children[^1] });

        var done = await Api.GetAsync(parent);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var subtasks = done.GetProperty("result").GetProperty("subtasks").EnumerateArray().ToList();
        Assert.Equal(children, subtasks.Select(s => s.GetProperty("id").GetString()!).ToList());
        Assert.All(subtasks, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        Assert.Equal(children, subtasks.Select(s => s.GetProperty("result").GetProperty("part").GetString()!).ToList());
    }

    [Fact]
    public async Task Subtasks_created_one_by_one_keep_the_order_they_were_added_in()
    {
        var prefix = TaskApi.NewPrefix("decomp-seq");
        var parent = prefix + "-parent";
        await Api.CreateAsync(new { id = parent, title = "the whole" });
        string[] children = [prefix + "-z", prefix + "-a", prefix + "-m"];
        foreach (var child in children)
        {
            var created = await Api.CreateAsync(new { id = child, title = child, parent_id = parent });
            Assert.Equal("pending", created.GetProperty("status").GetString());
        }

        Assert.Equal("blocked", await Api.StatusAsync(parent));
        foreach (var child in children.Reverse())
        {
            await Api.ClaimAndCompleteAsync(child, "agent-1", child);
        }

        var done = await Api.GetAsync(parent);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(children, done.GetProperty("result").GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("result").GetString()!).ToList());
    }

    [Fact]
    public async Task Partial_results_from_subtask_workers_are_collected_on_the_parent_and_in_its_result()
    {
        var prefix = TaskApi.NewPrefix("partial");
        var parent = prefix + "-parent";
        string a = prefix + "-a", b = prefix + "-b";
        await Api.CreateBatchAsync(new { id = parent, title = "whole" }, new { id = a, title = "A", parent_id = parent }, new { id = b, title = "B", parent_id = parent });

        var epoch = await Api.ClaimOkAsync(a, "agent-a");
        var partial = await Api.PostAsync($"/v1/tasks/{parent}/partial_results", new { subtask_id = a, agent_id = "agent-a", status = "success", result = new { rows = 10 } });
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var collected = Assert.Single((await Api.GetAsync(parent)).GetProperty("partial_results").EnumerateArray());
        Assert.Equal(a, collected.GetProperty("subtask_id").GetString());
        Assert.Equal("agent-a", collected.GetProperty("agent_id").GetString());
        Assert.Equal(10, collected.GetProperty("result").GetProperty("rows").GetInt32());

        await Api.HolderOkAsync(a, "complete", "agent-a", epoch, new { rows = 20 });
        await Api.ClaimAndCompleteAsync(b, "agent-b", new { rows = 5 });

        var result = (await Api.GetAsync(parent)).GetProperty("result");
        var reported = Assert.Single(result.GetProperty("partial_results").EnumerateArray());
        Assert.Equal("agent-a", reported.GetProperty("agent_id").GetString());
        Assert.Equal(10, reported.GetProperty("result").GetProperty("rows").GetInt32());
        Assert.Equal([20, 5], result.GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("result").GetProperty("rows").GetInt32()).ToList());
    }

    [Fact]
    public async Task A_partial_result_for_a_task_that_is_not_a_subtask_is_refused_with_422()
    {
        var prefix = TaskApi.NewPrefix("partial-bad");
        await Api.CreateAsync(new { id = prefix + "-parent", title = "whole" });
        await Api.CreateAsync(new { id = prefix + "-stranger", title = "unrelated" });

        var response = await Api.PostAsync($"/v1/tasks/{prefix}-parent/partial_results", new { subtask_id = prefix + "-stranger", agent_id = "agent-1", result = new { x = 1 } });

        await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Empty((await Api.GetAsync(prefix + "-parent")).GetProperty("partial_results").EnumerateArray());
    }

    [Fact]
    public async Task A_cancelled_subtask_keeps_its_parent_blocked_with_a_reason_naming_it()
    {
        var prefix = TaskApi.NewPrefix("decomp-cancel");
        var parent = prefix + "-parent";
        await Api.CreateBatchAsync(new { id = parent, title = "whole" }, new { id = prefix + "-a", title = "A", parent_id = parent }, new { id = prefix + "-b", title = "B", parent_id = parent });

        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/v1/tasks/{prefix}-a/cancel", new { reason = "dropped" })).StatusCode);
        await Api.ClaimAndCompleteAsync(prefix + "-b", "agent-b", "done");

        var task = await Api.GetAsync(parent);
        Assert.Equal("blocked", task.GetProperty("status").GetString());
        Assert.Contains(prefix + "-a", task.GetProperty("status_reason").GetString()!, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("result").ValueKind);
    }
}
