using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>Dependencies: blocked until the last one completes (pushed, not polled); a failed or cancelled one keeps dependents blocked by default.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskDependencyTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_task_is_blocked_until_its_last_dependency_completes_and_pending_the_moment_it_does()
    {
        var prefix = TaskApi.NewPrefix("deps");
        string a = prefix + "-a", b = prefix + "-b", c = prefix + "-c";
        await Api.CreateAsync(new { id = a, title = "A" });
        await Api.CreateAsync(new { id = b, title = "B" });
        var created = await Api.CreateAsync(new { id = c, title = "C", depends_on = new[] { a, b } });
        Assert.Equal("blocked", created.GetProperty("status").GetString());
        Assert.Equal([a, b], TaskApi.Strings(created.GetProperty("waiting_on")));

        await Api.ClaimAndCompleteAsync(a, "agent-a", new { ok = true });
        var half = await Api.GetAsync(c);
        Assert.Equal("blocked", half.GetProperty("status").GetString());
        Assert.Equal([b], TaskApi.Strings(half.GetProperty("waiting_on")));

        await Api.ClaimAndCompleteAsync(b, "agent-b", new { ok = true });

        // No waiting: the completion tells its dependents before it answers.
        var ready = await Api.GetAsync(c);
        Assert.Equal("pending", ready.GetProperty("status").GetString());
        Assert.Empty(ready.GetProperty("waiting_on").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await Api.ClaimAsync(c, "agent-c")).StatusCode);
    }

    [Fact]
    public async Task A_task_whose_dependencies_already_completed_is_created_pending()
    {
        var prefix = TaskApi.NewPrefix("done-dep");
        await Api.CreateAsync(new { id = prefix + "-a", title = "A" });
        await Api.ClaimAndCompleteAsync(prefix + "-a", "agent-a", "done");

        var created = await Api.CreateAsync(new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } });

        Assert.Equal("pending", created.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_blocked_task_is_not_offered_by_next()
    {
        var prefix = TaskApi.NewPrefix("blocked-next");
        await Api.CreateAsync(new { id = prefix + "-a", title = "A", tags = new[] { prefix + "-other" } });
        await Api.CreateAsync(new { id = prefix + "-b", title = "B", tags = new[] { prefix }, depends_on = new[] { prefix + "-a" } });

        Assert.Null(await Api.NextIdAsync("agent-x", tags: prefix));

        await Api.ClaimAndCompleteAsync(prefix + "-a", "agent-a", "done");
        Assert.Equal(prefix + "-b", await Api.NextIdAsync("agent-x", tags: prefix));
    }

    [Fact]
    public async Task With_the_block_policy_a_cancelled_dependency_keeps_its_dependents_blocked_with_a_reason_naming_it()
    {
        var prefix = TaskApi.NewPrefix("cancel-dep");
        string a = prefix + "-a", b = prefix + "-b", c = prefix + "-c";
        await Api.CreateBatchAsync(
            new { id = a, title = "A" },
            new { id = b, title = "B", depends_on = new[] { a } },
            new { id = c, title = "C", depends_on = new[] { b } });

        var cancel = await Api.PostAsync($"/v1/tasks/{a}/cancel", new { reason = "no longer needed" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        Assert.Equal("cancelled", await Api.StatusAsync(a));
        var dependent = await Api.GetAsync(b);
        Assert.Equal("blocked", dependent.GetProperty("status").GetString());
        Assert.Contains(a, dependent.GetProperty("status_reason").GetString()!, StringComparison.Ordinal);
        Assert.Contains("cancelled", dependent.GetProperty("status_reason").GetString()!, StringComparison.Ordinal);
        Assert.Equal("blocked", await Api.StatusAsync(c));

        var claim = await Api.ClaimAsync(b, "agent-b");
        var problem = await TaskApi.ProblemAsync(claim, HttpStatusCode.Conflict, "not_ready");
        Assert.Contains(a, TaskApi.Strings(problem.GetProperty("items")));
    }

    [Fact]
    public async Task With_the_block_policy_a_dependency_that_failed_for_good_keeps_its_dependents_blocked_with_a_reason_naming_it()
    {
        var prefix = TaskApi.NewPrefix("fail-dep");
        string a = prefix + "-a", b = prefix + "-b";
        await Api.CreateAsync(new { id = a, title = "A", max_attempts = 1 });
        await Api.CreateAsync(new { id = b, title = "B", depends_on = new[] { a } });

        var epoch = await Api.ClaimOkAsync(a, "agent-a");
        var failed = await Api.HolderOkAsync(a, "fail", "agent-a", epoch, error: "the compiler crashed");
        Assert.Equal("failed", failed.GetProperty("status").GetString());

        var dependent = await Api.GetAsync(b);
        Assert.Equal("blocked", dependent.GetProperty("status").GetString());
        Assert.Contains(a, dependent.GetProperty("status_reason").GetString()!, StringComparison.Ordinal);
        Assert.Contains("failed", dependent.GetProperty("status_reason").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_task_cannot_depend_on_a_cancelled_task()
    {
        var prefix = TaskApi.NewPrefix("dead-dep");
        await Api.CreateAsync(new { id = prefix + "-a", title = "A" });
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/v1/tasks/{prefix}-a/cancel", new { reason = "dropped" })).StatusCode);

        var response = await Api.PostAsync("/v1/tasks", new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } });

        await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/v1/tasks/{prefix}-b")).StatusCode);
    }
}
