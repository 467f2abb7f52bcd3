using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>Failing an attempt: retried with the error as context, then failed, escalated and announced to the orchestrators.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskRetryTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_task_is_retried_with_each_error_as_a_constraint_until_its_third_failure_then_failed_escalated_and_help_requested()
    {
        var id = TaskApi.NewPrefix("retry") + "-a";
        var created = await Api.CreateAsync(new { id, title = "flaky" });
        Assert.Equal(3, created.GetProperty("max_attempts").GetInt32());

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var agent = $"agent-{attempt}";
            var claim = await Json.ReadAsync(await Api.ClaimAsync(id, agent));
            if (attempt == 2)
            {
                // The next attempt is handed what went wrong before.
                Assert.Contains(TaskApi.Strings(claim.GetProperty("constraints")), c => c.Contains("error number 1", StringComparison.Ordinal));
            }

            var task = await Api.HolderOkAsync(id, "fail", agent, claim.GetProperty("epoch").GetInt64(), error: $"error number {attempt}");
            Assert.Equal("pending", task.GetProperty("status").GetString());
            Assert.Equal(attempt, task.GetProperty("failed_attempts").GetInt32());
            var constraints = TaskApi.Strings(task.GetProperty("constraints"));
            Assert.Equal(attempt, constraints.Count);
            Assert.Contains($"error number {attempt}", constraints[^1], StringComparison.Ordinal);
        }

        var last = await Api.ClaimOkAsync(id, "agent-3");
        var failed = await Api.HolderOkAsync(id, "fail", "agent-3", last, error: "error number 3");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("error number 3", failed.GetProperty("error").GetString());
        Assert.Equal(3, TaskApi.Strings(failed.GetProperty("constraints")).Count);
        var attempts = failed.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["agent-1", "agent-2", "agent-3"], attempts.Select(a => a.GetProperty("agent_id").GetString()!).ToList());
        Assert.All(attempts, a => Assert.Equal("failed", a.GetProperty("outcome").GetString()));
        await TaskApi.ProblemAsync(await Api.ClaimAsync(id, "agent-4"), HttpStatusCode.Conflict, "finished");

        var escalations = await Json.ReadAsync(await Api.Client.GetAsync("/v1/escalations?limit=1000"));
        var escalation = Assert.Single(escalations.GetProperty("escalations").EnumerateArray(), e => e.GetProperty("task_id").GetString() == id);
        Assert.Contains("error number 3", escalation.GetProperty("reason").GetString()!, StringComparison.Ordinal);

        var help = Assert.Single(await Api.TopicAsync("orchestrators"),
            m => m.GetProperty("type").GetString() == "request_help" && m.GetProperty("payload").GetProperty("task_id").GetString() == id);
        Assert.Equal(3, help.GetProperty("payload").GetProperty("attempts").GetInt32());
        Assert.Equal(escalation.GetProperty("id").GetString(), help.GetProperty("payload").GetProperty("escalation_id").GetString());
        Assert.Equal(
            ["error number 1", "error number 2", "error number 3"],
            help.GetProperty("payload").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("error").GetString()!).ToList());
    }

    [Fact]
    public async Task A_task_with_one_attempt_fails_on_its_first_failure()
    {
        var id = TaskApi.NewPrefix("one-shot") + "-a";
        await Api.CreateAsync(new { id, title = "once", max_attempts = 1 });

        var epoch = await Api.ClaimOkAsync(id, "agent-1");
        var task = await Api.HolderOkAsync(id, "fail", "agent-1", epoch, error: "nope");

        Assert.Equal("failed", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Failing_without_an_error_is_refused_with_400_and_counts_nothing()
    {
        var id = TaskApi.NewPrefix("no-error") + "-a";
        await Api.CreateAsync(new { id, title = "t" });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");

        await TaskApi.ProblemAsync(await Api.HolderAsync(id, "fail", "agent-1", epoch), HttpStatusCode.BadRequest);

        var task = await Api.GetAsync(id);
        Assert.Equal("claimed", task.GetProperty("status").GetString());
        Assert.Equal(0, task.GetProperty("failed_attempts").GetInt32());
    }
}
