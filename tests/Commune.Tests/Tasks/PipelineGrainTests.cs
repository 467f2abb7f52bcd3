using Commune.Tasks;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>The pipeline grain against a real cluster: notifications repeat (task outboxes resend until delivered), so they must be idempotent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PipelineGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_repeated_stage_notification_neither_creates_the_next_stage_twice_nor_changes_what_was_recorded()
    {
        var id = "pg" + Guid.NewGuid().ToString("N")[..12];
        var pipeline = fixture.Client.GetGrain<IPipelineGrain>(id);
        var started = await pipeline.StartAsync(new PipelineSpec(id, "Idempotent", [new("one", "r1-" + id), new("two", "r2-" + id), new("three", "r3-" + id)], "{\"n\":0}", null));
        Assert.True(started.Succeeded, started.Error?.Message);

        var first = fixture.Client.GetGrain<ITaskGrain>($"{id}.0.one");
        var claim = await first.ClaimAsync("agent", [], null);
        var completed = await first.CompleteAsync("agent", claim.Task!.Epoch, "{\"n\":1}");
        Assert.True(completed.Succeeded, completed.Error?.Message);
        var afterFirst = (await pipeline.GetAsync())!;
        Assert.Equal(1, afterFirst.CurrentStage);

        // The outbox resending, with a different result and then a contradicting status: both ignored.
        var done = new DependencyState($"{id}.0.one", WorkStatus.Completed, null);
        await pipeline.StageFinishedAsync(done, "{\"n\":99}");
        await pipeline.StageFinishedAsync(done, "{\"n\":99}");
        await pipeline.StageFinishedAsync(new DependencyState($"{id}.0.one", WorkStatus.Failed, "late failure"), null);
        await pipeline.StageFinishedAsync(new DependencyState("someone-else", WorkStatus.Failed, "not a stage"), null);
        await pipeline.StageFinishedAsync(new DependencyState($"{id}.2.three", WorkStatus.Completed, null), "{\"n\":3}");

        var view = (await pipeline.GetAsync())!;
        Assert.Equal(PipelineStatus.Running, view.Status);
        Assert.Equal(1, view.CurrentStage);
        Assert.Equal("{\"n\":1}", view.Stages[0].Output);
        Assert.Equal(WorkStatus.Completed, view.Stages[0].Status);
        Assert.Null(view.Stages[2].TaskId);
        Assert.Null(await fixture.Client.GetGrain<ITaskGrain>($"{id}.2.three").GetAsync());

        var tasks = await fixture.Client.GetGrain<ITaskBoardGrain>(0).ListAsync(null, $"pipeline:{id}", 100);
        Assert.Equal([$"{id}.0.one", $"{id}.1.two"], tasks.Select(t => t.Id).Order(StringComparer.Ordinal));
        var second = (await fixture.Client.GetGrain<ITaskGrain>($"{id}.1.two").GetAsync())!;
        Assert.Equal(WorkStatus.Pending, second.Status);
        Assert.Equal("{\"n\":1}", second.Spec.Input);
        Assert.Equal(id, second.Spec.PipelineId);
    }

    [Fact]
    public async Task A_repeated_final_notification_leaves_the_completed_pipeline_as_it_was()
    {
        var id = "pg" + Guid.NewGuid().ToString("N")[..12];
        var pipeline = fixture.Client.GetGrain<IPipelineGrain>(id);
        await pipeline.StartAsync(new PipelineSpec(id, "One stage", [new("only", "r-" + id)], null, null));
        var task = fixture.Client.GetGrain<ITaskGrain>($"{id}.0.only");
        var claim = await task.ClaimAsync("agent", [], null);
        await task.CompleteAsync("agent", claim.Task!.Epoch, "\"the end\"");
        var before = (await pipeline.GetAsync())!;

        await pipeline.StageFinishedAsync(new DependencyState($"{id}.0.only", WorkStatus.Completed, null), "\"again\"");
        await pipeline.StageFinishedAsync(new DependencyState($"{id}.0.only", WorkStatus.Cancelled, "too late"), null);

        var after = (await pipeline.GetAsync())!;
        Assert.Equal(PipelineStatus.Completed, after.Status);
        Assert.Equal("\"the end\"", after.Output);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Null(after.Error);
    }

    [Fact]
    public async Task Starting_twice_is_refused_and_a_notification_for_a_pipeline_never_started_is_ignored()
    {
        var id = "pg" + Guid.NewGuid().ToString("N")[..12];
        var pipeline = fixture.Client.GetGrain<IPipelineGrain>(id);
        await pipeline.StageFinishedAsync(new DependencyState($"{id}.0.a", WorkStatus.Completed, null), "1");
        Assert.Null(await pipeline.GetAsync());

        var spec = new PipelineSpec(id, "Twice", [new("a", "r-" + id)], null, null);
        Assert.True((await pipeline.StartAsync(spec)).Succeeded);
        var again = await pipeline.StartAsync(spec with { Title = "Other" });

        Assert.Equal(TaskErrorCode.AlreadyExists, again.Error?.Code);
        Assert.Equal("Twice", (await pipeline.GetAsync())!.Title);
    }
}
