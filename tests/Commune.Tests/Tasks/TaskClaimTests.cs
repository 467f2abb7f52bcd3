using System.Net;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>Claims: one winner, conflicts with a reason, leases that run out, fencing epochs, the thrashing guard and capabilities.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskClaimTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task Claim_is_won_by_exactly_one_of_fifty_concurrent_agents()
    {
        var id = TaskApi.NewPrefix("race") + "-a";
        await Api.CreateAsync(new { id, title = "contested" });

        using var start = new SemaphoreSlim(0);
        var claims = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync();
            var response = await Api.ClaimAsync(id, $"agent-{i}");
            return (Agent: $"agent-{i}", response.StatusCode, Body: await Json.ReadAsync(response));
        }).ToArray();
        start.Release(50);
        var results = await Task.WhenAll(claims);

        var winners = results.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.Equal(49, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.All(results.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Equal("taken", r.Body.GetProperty("code").GetString()));

        var task = await Api.GetAsync(id);
        Assert.Equal("claimed", task.GetProperty("status").GetString());
        Assert.Equal(winners[0].Agent, task.GetProperty("agent_id").GetString());
        Assert.Equal(winners[0].Body.GetProperty("epoch").GetInt64(), task.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task A_won_claim_answers_the_lease_and_epoch_and_a_repeated_claim_by_the_holder_gets_the_same_claim()
    {
        var id = TaskApi.NewPrefix("won") + "-a";
        await Api.CreateAsync(new { id, title = "t" });

        var first = await Json.ReadAsync(await Api.ClaimAsync(id, "agent-1", leaseSeconds: 60));
        var again = await Json.ReadAsync(await Api.ClaimAsync(id, "agent-1", leaseSeconds: 60));

        Assert.Equal("agent-1", first.GetProperty("agent_id").GetString());
        Assert.True(first.GetProperty("epoch").GetInt64() > 0);
        var lease = first.GetProperty("lease_expires_at").GetDateTimeOffset();
        Assert.InRange(lease, DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.Equal(first.GetProperty("epoch").GetInt64(), again.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Claiming_a_blocked_task_is_409_not_ready_naming_what_it_waits_for()
    {
        var prefix = TaskApi.NewPrefix("not-ready");
        await Api.CreateAsync(new { id = prefix + "-a", title = "A" });
        await Api.CreateAsync(new { id = prefix + "-b", title = "B", depends_on = new[] { prefix + "-a" } });

        var problem = await TaskApi.ProblemAsync(await Api.ClaimAsync(prefix + "-b", "agent-1"), HttpStatusCode.Conflict, "not_ready");

        Assert.Equal([prefix + "-a"], TaskApi.Strings(problem.GetProperty("items")));
        Assert.Equal("blocked", problem.GetProperty("task_status").GetString());
        Assert.Equal("blocked", await Api.StatusAsync(prefix + "-b"));
    }

    [Fact]
    public async Task Claiming_a_task_another_agent_holds_is_409_taken_naming_the_holder()
    {
        var id = TaskApi.NewPrefix("taken") + "-a";
        await Api.CreateAsync(new { id, title = "t" });
        await Api.ClaimOkAsync(id, "agent-holder");

        var problem = await TaskApi.ProblemAsync(await Api.ClaimAsync(id, "agent-other"), HttpStatusCode.Conflict, "taken");

        Assert.Contains("agent-holder", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal("agent-holder", (await Api.GetAsync(id)).GetProperty("agent_id").GetString());
    }

    [Fact]
    public async Task Claiming_a_finished_task_is_409_finished()
    {
        var prefix = TaskApi.NewPrefix("finished");
        await Api.CreateAsync(new { id = prefix + "-done", title = "t" });
        await Api.ClaimAndCompleteAsync(prefix + "-done", "agent-1", "done");
        await Api.CreateAsync(new { id = prefix + "-cancelled", title = "t" });
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/v1/tasks/{prefix}-cancelled/cancel", new { reason = "dropped" })).StatusCode);

        await TaskApi.ProblemAsync(await Api.ClaimAsync(prefix + "-done", "agent-2"), HttpStatusCode.Conflict, "finished");
        await TaskApi.ProblemAsync(await Api.ClaimAsync(prefix + "-cancelled", "agent-2"), HttpStatusCode.Conflict, "finished");
        Assert.Equal("completed", await Api.StatusAsync(prefix + "-done"));
    }

    [Fact]
    public async Task Claiming_a_task_that_does_not_exist_is_404()
    {
        await TaskApi.ProblemAsync(await Api.ClaimAsync(TaskApi.NewPrefix("ghost"), "agent-1"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_expired_lease_returns_the_task_to_pending_with_its_checkpoint_and_a_higher_epoch()
    {
        var tag = TaskApi.NewPrefix("expire");
        var id = tag + "-a";
        await Api.CreateAsync(new { id, title = "long job", tags = new[] { tag } });
        var epoch = await Api.ClaimOkAsync(id, "agent-slow", leaseSeconds: 1);
        var patched = await Api.PatchAsync(id, new { agent_id = "agent-slow", epoch, progress = 40, checkpoint = new { step = 3, files = new[] { "a.cs" } } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        // Nobody heartbeats: the lease the claim asked for runs out.
        var returned = await Api.WaitForAsync(id, t => t.GetProperty("status").GetString() == "pending", TimeSpan.FromSeconds(15), "pending after its lease ran out");

        Assert.True(returned.GetProperty("epoch").GetInt64() > epoch);
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("agent_id").ValueKind);
        Assert.Equal(3, returned.GetProperty("checkpoint").GetProperty("step").GetInt32());
        Assert.Contains(returned.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("outcome").GetString() == "expired");

        // Back in the ready queue, and the next claimer is handed the checkpoint with its claim.
        Assert.Equal(id, await Api.NextIdAsync("agent-next", tags: tag));
        var claim = await Json.ReadAsync(await Api.ClaimAsync(id, "agent-next"));
        Assert.Equal(3, claim.GetProperty("checkpoint").GetProperty("step").GetInt32());
        Assert.Equal("a.cs", claim.GetProperty("checkpoint").GetProperty("files")[0].GetString());
        Assert.True(claim.GetProperty("epoch").GetInt64() > returned.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Heartbeats_keep_a_short_lease_alive()
    {
        var id = TaskApi.NewPrefix("heartbeat") + "-a";
        await Api.CreateAsync(new { id, title = "kept alive" });
        var epoch = await Api.ClaimOkAsync(id, "agent-1", leaseSeconds: 2);

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            await Api.HolderOkAsync(id, "heartbeat", "agent-1", epoch);
        }

        var task = await Api.GetAsync(id);
        Assert.Equal("claimed", task.GetProperty("status").GetString());
        Assert.Equal(epoch, task.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Progress_and_heartbeats_renew_the_lease_by_the_length_the_claim_asked_for()
    {
        var id = TaskApi.NewPrefix("renew") + "-a";
        await Api.CreateAsync(new { id, title = "short lease" });
        var epoch = await Api.ClaimOkAsync(id, "agent-1", leaseSeconds: 30);

        var patched = await Json.ReadAsync(await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, progress = 10 }));
        Assert.InRange(patched.GetProperty("lease_expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(31));
        var renewed = await Api.HolderOkAsync(id, "heartbeat", "agent-1", epoch);
        Assert.InRange(renewed.GetProperty("lease_expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(31));
    }

    [Fact]
    public async Task A_lease_longer_than_the_configured_maximum_is_refused_with_422()
    {
        var id = TaskApi.NewPrefix("long-lease") + "-a";
        await Api.CreateAsync(new { id, title = "t" });

        // Tasks:MaxLeaseDuration is one hour by default.
        var problem = await TaskApi.ProblemAsync(await Api.ClaimAsync(id, "agent-1", leaseSeconds: 7200), HttpStatusCode.UnprocessableEntity, "invalid");

        Assert.Contains("MaxLeaseDuration", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal("pending", await Api.StatusAsync(id));
        await Api.ClaimOkAsync(id, "agent-1", leaseSeconds: 3600);
    }

    [Fact]
    public async Task A_late_complete_or_patch_with_the_old_epoch_is_409_stale_epoch_and_changes_nothing()
    {
        var id = TaskApi.NewPrefix("stale") + "-a";
        await Api.CreateAsync(new { id, title = "fenced" });
        var oldEpoch = await Api.ClaimOkAsync(id, "agent-slow", leaseSeconds: 1);
        await Api.WaitForAsync(id, t => t.GetProperty("status").GetString() == "pending", TimeSpan.FromSeconds(15), "pending after its lease ran out");
        var newEpoch = await Api.ClaimOkAsync(id, "agent-new");
        var before = await Api.GetAsync(id);

        var complete = await Api.HolderAsync(id, "complete", "agent-slow", oldEpoch, result: new { summary = "late" });
        var problem = await TaskApi.ProblemAsync(complete, HttpStatusCode.Conflict, "stale_epoch");
        Assert.Equal(newEpoch, problem.GetProperty("epoch").GetInt64());
        var patch = await Api.PatchAsync(id, new { agent_id = "agent-slow", epoch = oldEpoch, notes = "still here", checkpoint = new { step = 99 } });
        await TaskApi.ProblemAsync(patch, HttpStatusCode.Conflict, "stale_epoch");
        var fail = await Api.HolderAsync(id, "fail", "agent-slow", oldEpoch, error: "late failure");
        await TaskApi.ProblemAsync(fail, HttpStatusCode.Conflict, "stale_epoch");

        var after = await Api.GetAsync(id);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal("claimed", after.GetProperty("status").GetString());
        Assert.Equal("agent-new", after.GetProperty("agent_id").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("checkpoint").ValueKind);
        Assert.Empty(after.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Cancelling_a_held_task_fences_off_its_holder()
    {
        var id = TaskApi.NewPrefix("cancel-held") + "-a";
        await Api.CreateAsync(new { id, title = "t" });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");

        var cancelled = await Json.ReadAsync(await Api.PostAsync($"/v1/tasks/{id}/cancel", new { reason = "requirements changed" }));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(cancelled.GetProperty("epoch").GetInt64() > epoch);

        await TaskApi.ProblemAsync(await Api.HolderAsync(id, "complete", "agent-1", epoch, result: "late"), HttpStatusCode.Conflict, "stale_epoch");
        await TaskApi.ProblemAsync(await Api.PostAsync($"/v1/tasks/{id}/cancel", new { reason = "again" }), HttpStatusCode.Conflict, "finished");
        Assert.Equal("cancelled", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task A_released_task_is_offered_again_with_its_checkpoint()
    {
        var tag = TaskApi.NewPrefix("release");
        var id = tag + "-a";
        await Api.CreateAsync(new { id, title = "t", tags = new[] { tag } });
        var epoch = await Api.ClaimOkAsync(id, "agent-1");
        Assert.Equal(HttpStatusCode.OK, (await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, checkpoint = new { line = 42 } })).StatusCode);

        var released = await Api.HolderOkAsync(id, "release", "agent-1", epoch, reason: "end of shift");

        Assert.Equal("pending", released.GetProperty("status").GetString());
        Assert.True(released.GetProperty("epoch").GetInt64() > epoch);
        Assert.Equal(id, await Api.NextIdAsync("agent-2", tags: tag));
        var claim = await Json.ReadAsync(await Api.ClaimAsync(id, "agent-2"));
        Assert.Equal(42, claim.GetProperty("checkpoint").GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task An_agent_that_claims_and_releases_three_times_is_throttled_on_the_fourth_claim_with_retry_after()
    {
        var id = TaskApi.NewPrefix("thrash") + "-a";
        await Api.CreateAsync(new { id, title = "hot potato" });
        for (var i = 0; i < 3; i++)
        {
            var epoch = await Api.ClaimOkAsync(id, "agent-fickle");
            await Api.HolderOkAsync(id, "release", "agent-fickle", epoch, reason: "changed my mind");
        }

        var response = await Api.ClaimAsync(id, "agent-fickle");
        await TaskApi.ProblemAsync(response, (HttpStatusCode)429, "throttled");

        var retryAfter = response.Headers.RetryAfter;
        Assert.NotNull(retryAfter?.Delta);
        Assert.InRange(retryAfter.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal("pending", await Api.StatusAsync(id));

        // Another agent may still take it.
        await Api.ClaimOkAsync(id, "agent-steady");
    }

    [Fact]
    public async Task Claiming_without_the_required_capability_is_422_and_with_it_succeeds()
    {
        var id = TaskApi.NewPrefix("cap") + "-a";
        await Api.CreateAsync(new { id, title = "needs a gpu", required_capability = "gpu" });

        var problem = await TaskApi.ProblemAsync(await Api.ClaimAsync(id, "agent-cpu", capabilities: ["python"]), HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("gpu", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal("pending", await Api.StatusAsync(id));

        await Api.ClaimOkAsync(id, "agent-gpu", capabilities: ["python", "gpu"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"agent_id\": \"a b\"}")]
    [InlineData("{\"agent_id\": \"agent\", \"lease_seconds\": 0}")]
    public async Task A_claim_without_a_valid_agent_or_lease_is_refused_with_400(string body)
    {
        var id = TaskApi.NewPrefix("bad-claim") + "-a";
        await Api.CreateAsync(new { id, title = "t" });

        await TaskApi.ProblemAsync(await Api.PostRawAsync($"/v1/tasks/{id}/claim", body), HttpStatusCode.BadRequest);
        Assert.Equal("pending", await Api.StatusAsync(id));
    }
}
