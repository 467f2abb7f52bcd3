using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>PATCH /v1/tasks/{id}: the holder's notes, progress and checkpoint, and what is refused.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskUpdateTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    private async Task<(string Id, long Epoch)> ClaimedAsync(string name)
    {
        var id = TaskApi.NewPrefix(name) + "-a";
        await Api.CreateAsync(new { id, title = "work" });
        return (id, await Api.ClaimOkAsync(id, "agent-1"));
    }

    [Fact]
    public async Task The_holder_records_notes_progress_and_checkpoint_and_the_task_is_in_progress()
    {
        var (id, epoch) = await ClaimedAsync("patch");

        var response = await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, notes = "parsed the input", progress = 30, checkpoint = new { page = 7 } });
        var task = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("in_progress", task.GetProperty("status").GetString());
        Assert.Equal(30, task.GetProperty("progress").GetInt32());
        Assert.Equal(7, task.GetProperty("checkpoint").GetProperty("page").GetInt32());
        Assert.Equal(["parsed the input"], TaskApi.Strings(task.GetProperty("notes")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task Progress_outside_0_to_100_is_refused_with_422(int progress)
    {
        var (id, epoch) = await ClaimedAsync("progress");
        var before = await Api.GetAsync(id);

        var response = await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, progress });

        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("progress", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var after = await Api.GetAsync(id);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(0, after.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task An_oversized_checkpoint_is_refused_with_422_and_the_last_checkpoint_is_kept()
    {
        var (id, epoch) = await ClaimedAsync("big-checkpoint");
        Assert.Equal(HttpStatusCode.OK, (await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, checkpoint = new { step = 1 } })).StatusCode);

        var response = await Api.PatchAsync(id, new { agent_id = "agent-1", epoch, checkpoint = new { blob = new string('x', 65 * 1024) } });

        var problem = await TaskApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid");
        Assert.Contains("checkpoint", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(1, (await Api.GetAsync(id)).GetProperty("checkpoint").GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task A_patch_with_no_fields_is_refused_with_400()
    {
        var (id, epoch) = await ClaimedAsync("empty-patch");

        var response = await Api.PatchAsync(id, new { agent_id = "agent-1", epoch });

        await TaskApi.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("claimed", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task A_patch_from_an_agent_that_does_not_hold_the_task_is_409()
    {
        var (id, _) = await ClaimedAsync("not-holder");

        var response = await Api.PatchAsync(id, new { agent_id = "agent-2", notes = "me too" });

        await TaskApi.ProblemAsync(response, HttpStatusCode.Conflict, "wrong_state");
        Assert.Empty((await Api.GetAsync(id)).GetProperty("notes").EnumerateArray());
    }
}
