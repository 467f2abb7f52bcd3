using System.Text.Json;
using Commune.Agents;
using Commune.Supervision;
using Commune.Tasks;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>The supervision grains called directly: a sweep releases an offline agent's task; a spawned subagent reports and ends.</summary>
public sealed class SupervisorGrainTests(SupervisionClusterFixture fixture) : IClassFixture<SupervisionClusterFixture>
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_sweep_releases_the_task_of_an_agent_that_said_it_is_offline_keeping_the_checkpoint()
    {
        var prefix = TaskApi.NewPrefix("g-release");
        var agentId = prefix + "-a";
        var taskId = prefix + "-t";
        var agent = Client.GetGrain<IAgentGrain>(agentId);
        Assert.True((await agent.RegisterAsync(new AgentRegistration(agentId, AgentRoles.Orchestrator, null, [], 1))).Succeeded);
        var created = await Client.GetGrain<ITaskBoardGrain>(0).CreateAsync(
            [new TaskSpec(taskId, "t", null, TaskPriority.Medium, [], [], null, null, null, 3, [], prefix, null, null, null)]);
        Assert.Null(created.Error);
        var task = Client.GetGrain<ITaskGrain>(taskId);
        var claim = await task.ClaimAsync(agentId, [], TimeSpan.FromMinutes(10));
        var epoch = claim.Task!.Epoch;
        Assert.True((await task.UpdateAsync(new TaskUpdate(agentId, epoch, null, 50, """{"page":7}"""))).Succeeded);
        await WaitAsync(async () => (await agent.GetAsync())!.HeldTasks.Contains(taskId), "the agent knowing it holds the task");

        // An orchestrator never hands off, but its tasks must not be stranded when it goes offline either.
        await agent.SetStatusAsync(AgentStatus.Offline, null, "shutting down");
        await WaitAsync(async () =>
        {
            await Client.GetGrain<ISupervisorGrain>(ISupervisorGrain.Key).SweepAsync();
            return (await task.GetAsync())!.Status == WorkStatus.Pending;
        }, "the sweep releasing the task");

        var released = (await task.GetAsync())!;
        Assert.True(released.Epoch > epoch);
        Assert.Equal(7, JsonDocument.Parse(released.Checkpoint!).RootElement.GetProperty("page").GetInt32());
        Assert.Null((await agent.GetAsync())!.EndedAt);
        Assert.Equal(TaskErrorCode.StaleEpoch, (await task.CompleteAsync(agentId, epoch, "{}")).Error!.Code);
    }

    [Fact]
    public async Task A_spawned_subagent_sends_task_complete_to_its_parent_and_ends()
    {
        var parent = TaskApi.NewPrefix("g-parent");
        await Client.GetGrain<IAgentGrain>(parent).RegisterAsync(new AgentRegistration(parent, AgentRoles.Worker, null, [], 1));

        var reply = await Client.GetGrain<ISpawnGrain>(parent).SpawnAsync(
            new SpawnRequest("research", "Find three sources", "On grain timers.", null, 0.5, AgentRoles.Worker, [], null));
        Assert.Null(reply.Error);
        Assert.Null(reply.TokenLimit); // the parent has no budget: the subagent's is the profile's, or none
        var sub = reply.SubagentId!;

        await WaitAsync(async () => (await Client.GetGrain<IAgentGrain>(sub).GetAsync())!.EndedAt is not null, "the subagent ending");
        var inbox = await Client.GetGrain<IAgentGrain>(parent).ReadInboxAsync(0, 100);
        var message = Assert.Single(inbox.Messages, m => m.Type == "task_complete");
        var payload = JsonDocument.Parse(message.Payload).RootElement;
        Assert.Equal(reply.TaskId, payload.GetProperty("task_id").GetString());
        Assert.Equal("success", payload.GetProperty("status").GetString());
        Assert.Equal(sub, message.From);
        Assert.Equal(WorkStatus.Completed, (await Client.GetGrain<ITaskGrain>(reply.TaskId!).GetAsync())!.Status);

        var second = await Client.GetGrain<ISpawnGrain>(parent).SpawnAsync(
            new SpawnRequest("mundane", "Again", null, null, 0.5, AgentRoles.Worker, [], null));
        Assert.Equal(parent + ".sub-2", second.SubagentId);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 20 s");
            await Task.Delay(100);
        }
    }
}
