using System.Net;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>The supervisor returns the tasks of agents that went offline, with their checkpoint, and flags stuck tasks once.</summary>
[Collection(SupervisionGatewayCollection.Name)]
public sealed class SupervisorReleaseTests(SupervisionGatewayFixture fixture)
{
    private SupervisionApi Api => fixture.Api;

    [Fact]
    public async Task A_dead_agents_task_is_released_with_its_checkpoint_and_the_next_claimer_resumes_while_the_old_holder_is_fenced_off()
    {
        var prefix = TaskApi.NewPrefix("release");
        var role = prefix + "-role";
        var id = prefix + "-t";
        var dead = prefix + "-dead";
        var heir = prefix + "-heir";
        await Api.RegisterAsync(dead, role);
        await Api.Tasks.CreateAsync(new { id, title = "long job", role });

        // A lease far longer than the test: whatever returns the task, it is not the lease running out.
        var epoch = await Api.Tasks.ClaimOkAsync(id, dead, leaseSeconds: 600);
        var patch = await Api.Tasks.PatchAsync(id, new { agent_id = dead, epoch, progress = 40, checkpoint = new { step = 3, done = new[] { "a", "b" } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        // The agent now stops heartbeating: offline after 2 s, then the supervisor's sweep releases its task.
        var released = await Api.Tasks.WaitForAsync(id, t => t.GetProperty("status").GetString() == "pending", TimeSpan.FromSeconds(20), "released");
        Assert.True(released.GetProperty("epoch").GetInt64() > epoch);
        Assert.Equal(3, released.GetProperty("checkpoint").GetProperty("step").GetInt32());
        Assert.Contains("agent offline", released.GetProperty("status_reason").GetString());
        var offline = await Api.AgentAsync(dead);
        Assert.Equal("offline", offline.GetProperty("status").GetString());
        await SupervisionApi.WaitAsync(() => Api.AgentAsync(dead), a => a.GetProperty("held_tasks").GetArrayLength() == 0, TimeSpan.FromSeconds(10), "the dead agent letting go");

        var report = await Api.ReportAsync();
        Assert.Contains(report.GetProperty("recent_releases").EnumerateArray(), r => r.GetProperty("task_id").GetString() == id && r.GetProperty("agent_id").GetString() == dead);

        await Api.RegisterAsync(heir, role);
        var claim = await Api.Tasks.ClaimAsync(id, heir, leaseSeconds: 600);
        var claimed = await Json.ReadAsync(claim);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(3, claimed.GetProperty("checkpoint").GetProperty("step").GetInt32());

        var late = await Api.Tasks.HolderAsync(id, "complete", dead, epoch, result: new { late = true });
        await TaskApi.ProblemAsync(late, HttpStatusCode.Conflict, "stale_epoch");
        await Api.Tasks.HolderOkAsync(id, "complete", heir, claimed.GetProperty("epoch").GetInt64(), result: new { resumed_from = 3 });
    }

    [Fact]
    public async Task A_task_without_progress_is_flagged_stuck_once_per_epoch_and_request_help_goes_to_orchestrators()
    {
        var prefix = TaskApi.NewPrefix("stuck");
        var role = prefix + "-role";
        var id = prefix + "-t";
        await Api.Tasks.CreateAsync(new { id, title = "stalls", role });
        var epoch = await Api.Tasks.ClaimOkAsync(id, prefix + "-slow", leaseSeconds: 600);

        var report = await SupervisionApi.WaitAsync(
            Api.ReportAsync, r => r.GetProperty("stuck").EnumerateArray().Any(s => s.GetProperty("task_id").GetString() == id),
            TimeSpan.FromSeconds(20), "flagging the stuck task");
        var flagged = report.GetProperty("stuck").EnumerateArray().Single(s => s.GetProperty("task_id").GetString() == id);
        Assert.Equal(prefix + "-slow", flagged.GetProperty("agent_id").GetString());
        Assert.Equal(epoch, flagged.GetProperty("epoch").GetInt64());

        // Several more sweeps: still one help request for this claim; the task itself is left with its holder.
        var sweeps = report.GetProperty("sweeps").GetInt64();
        await SupervisionApi.WaitAsync(Api.ReportAsync, r => r.GetProperty("sweeps").GetInt64() >= sweeps + 5, TimeSpan.FromSeconds(20), "five more sweeps");
        var help = (await Api.Tasks.TopicAsync("orchestrators"))
            .Where(m => m.GetProperty("type").GetString() == "request_help" && m.GetProperty("payload").GetProperty("task_id").GetString() == id)
            .ToList();
        var only = Assert.Single(help);
        Assert.Equal("stuck", only.GetProperty("payload").GetProperty("reason").GetString());
        Assert.Equal("claimed", await Api.Tasks.StatusAsync(id));

        // Progress clears the flag.
        var patch = await Api.Tasks.PatchAsync(id, new { agent_id = prefix + "-slow", epoch, progress = 10 });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await SupervisionApi.WaitAsync(
            Api.ReportAsync, r => !r.GetProperty("stuck").EnumerateArray().Any(s => s.GetProperty("task_id").GetString() == id),
            TimeSpan.FromSeconds(10), "the flag clearing after progress");
    }
}
