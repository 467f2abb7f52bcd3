using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Durability;

/// <summary>
/// Commit discipline on the task graph: a command whose write fails answers 503 with Retry-After and changes nothing — not in what
/// reads show, not in the dependency order — and a command that was stored although its caller heard 503 is safe to retry.
/// </summary>
public sealed class TaskStorageFaultTests(StorageFaultFixture fixture) : IClassFixture<StorageFaultFixture>
{
    private TaskApi Api => fixture.Tasks;

    [Fact]
    public async Task A_completion_whose_write_fails_answers_503_and_the_task_stays_as_stored_with_its_dependent_blocked()
    {
        var prefix = TaskApi.NewPrefix("fail-complete");
        string a = prefix + "-a", b = prefix + "-b";
        await Api.CreateBatchAsync(new { id = a, title = "A" }, new { id = b, title = "B", depends_on = new[] { a } });
        var epoch = await Api.ClaimOkAsync(a, "worker-1");

        fixture.Faults.Fail(a, "task", "write");
        using (var refused = await Api.HolderAsync(a, "complete", "worker-1", epoch, new { answer = 42 }))
        {
            var problem = await TaskApi.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
            Assert.Equal("2", refused.Headers.RetryAfter?.ToString());
            Assert.Contains($"task '{a}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Reads answer what is stored: still claimed at the same epoch, no result; the dependent still waits.
        var stored = await Api.GetAsync(a);
        Assert.Equal("claimed", stored.GetProperty("status").GetString());
        Assert.Equal(epoch, stored.GetProperty("epoch").GetInt64());
        Assert.Equal("blocked", await Api.StatusAsync(b));

        fixture.Faults.Heal(a, "task");
        var completed = await Api.HolderOkAsync(a, "complete", "worker-1", epoch, new { answer = 42 });
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal("pending", await Api.StatusAsync(b));
    }

    [Fact]
    public async Task A_completion_stored_although_its_caller_heard_503_is_retried_to_the_same_success()
    {
        var prefix = TaskApi.NewPrefix("lost-complete");
        string a = prefix + "-a", b = prefix + "-b";
        await Api.CreateBatchAsync(new { id = a, title = "A" }, new { id = b, title = "B", depends_on = new[] { a } });
        var epoch = await Api.ClaimOkAsync(a, "worker-1");

        fixture.Faults.Fail(a, "task", "write", StorageFault.AfterWrite);
        using (var lost = await Api.HolderAsync(a, "complete", "worker-1", epoch, new { answer = 42 }))
        {
            await TaskApi.ProblemAsync(lost, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        fixture.Faults.Heal(a, "task");
        var retried = await Api.HolderOkAsync(a, "complete", "worker-1", epoch, new { answer = 42 });
        Assert.Equal("completed", retried.GetProperty("status").GetString());
        Assert.Single(retried.GetProperty("attempts").EnumerateArray());

        // The stored completion reaches the dependent (the reloaded task settles its outbox), and a different result is no retry.
        await Api.WaitForAsync(b, t => t.GetProperty("status").GetString() == "pending", TimeSpan.FromSeconds(15), "the dependent to be released");
        using var other = await Api.HolderAsync(a, "complete", "worker-1", epoch, new { answer = 43 });
        await TaskApi.ProblemAsync(other, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_failure_report_stored_although_its_caller_heard_503_counts_once()
    {
        var id = TaskApi.NewPrefix("lost-fail");
        await Api.CreateAsync(new { id, title = "flaky", max_attempts = 3 });
        var epoch = await Api.ClaimOkAsync(id, "worker-1");

        fixture.Faults.Fail(id, "task", "write", StorageFault.AfterWrite);
        using (var lost = await Api.HolderAsync(id, "fail", "worker-1", epoch, error: "tool crashed"))
        {
            await TaskApi.ProblemAsync(lost, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        fixture.Faults.Heal(id, "task");
        var retried = await Api.HolderOkAsync(id, "fail", "worker-1", epoch, error: "tool crashed");
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        Assert.Single(retried.GetProperty("attempts").EnumerateArray());
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_is_retried_to_exactly_one_of_each_task_and_a_changed_spec_is_a_conflict()
    {
        var prefix = TaskApi.NewPrefix("batch-retry");
        string a = prefix + "-a", b = prefix + "-b", c = prefix + "-c";
        object[] batch = [new { id = a, title = "A" }, new { id = b, title = "B", depends_on = new[] { a } }, new { id = c, title = "C", depends_on = new[] { b } }];

        fixture.Faults.Fail(b, "task", "write");
        using (var failed = await Api.PostAsync("/v1/tasks/batch", new { tasks = batch }))
        {
            await TaskApi.ProblemAsync(failed, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        fixture.Faults.Heal(b, "task");
        var created = await Api.CreateBatchAsync(batch);
        Assert.Equal([a, b, c], created.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray());
        Assert.Equal("pending", await Api.StatusAsync(a));
        Assert.Equal("blocked", await Api.StatusAsync(b));

        // The links were made once: completing a releases b, and b's completion releases c.
        await Api.ClaimAndCompleteAsync(a, "worker-1", new { ok = true });
        Assert.Equal("pending", await Api.StatusAsync(b));
        await Api.ClaimAndCompleteAsync(b, "worker-1", new { ok = true });
        Assert.Equal("pending", await Api.StatusAsync(c));

        using var changed = await Api.PostAsync("/v1/tasks/batch", new { tasks = new object[] { new { id = a, title = "A, renamed" } } });
        var problem = await TaskApi.ProblemAsync(changed, HttpStatusCode.Conflict);
        Assert.Contains(a, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_whose_state_cannot_be_read_answers_503_alone_and_next_offers_the_others()
    {
        var prefix = TaskApi.NewPrefix("unreadable");
        string poisoned = prefix + "-a", healthy = prefix + "-b";
        await Api.CreateAsync(new { id = poisoned, title = "unreadable", tags = new[] { prefix } });
        await Api.CreateAsync(new { id = healthy, title = "fine", tags = new[] { prefix } });

        // A failed write drops the activation; from then on its state cannot be loaded.
        fixture.Faults.Fail(poisoned, "task", "write");
        using (var claim = await Api.ClaimAsync(poisoned, "worker-0"))
        {
            await TaskApi.ProblemAsync(claim, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        fixture.Faults.Fail(poisoned, "task", "read");
        try
        {
            using (var read = await Api.Client.GetAsync($"/v1/tasks/{poisoned}"))
            {
                await TaskApi.ProblemAsync(read, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
            }

            Assert.Equal(healthy, await Api.NextIdAsync("worker-1", tags: prefix));
            Assert.Equal("pending", await Api.StatusAsync(healthy));
        }
        finally
        {
            fixture.Faults.Heal(poisoned, "task");
        }

        Assert.Equal("pending", await Api.StatusAsync(poisoned));
    }
}
