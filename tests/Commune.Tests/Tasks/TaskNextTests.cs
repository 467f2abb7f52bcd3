using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>GET /v1/tasks/next: ready tasks only, by priority then age, filtered by tags, capabilities and role, never the same to two agents.</summary>
[Collection(TaskGatewayCollection.Name)]
public sealed class TaskNextTests(TaskGatewayFixture fixture)
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task Next_answers_204_when_no_task_is_ready()
    {
        var tag = TaskApi.NewPrefix("none");

        var response = await Api.NextAsync("agent-1", tags: tag);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Next_offers_the_highest_priority_first_and_the_oldest_first_within_a_priority()
    {
        var tag = TaskApi.NewPrefix("prio");
        foreach (var (name, priority) in new[] { ("low", "low"), ("med1", "medium"), ("crit", "critical"), ("med2", "medium"), ("high", "high") })
        {
            await Api.CreateAsync(new { id = $"{tag}-{name}", title = name, priority, tags = new[] { tag } });
            await Task.Delay(20); // distinct creation times
        }

        var order = new List<string>();
        while (await Api.NextIdAsync("agent-prio", tags: tag) is { } id)
        {
            order.Add(id[(tag.Length + 1)..]);
            await Api.ClaimOkAsync(id, "agent-prio");
        }

        Assert.Equal(["crit", "high", "med1", "med2", "low"], order);
    }

    [Fact]
    public async Task Next_offers_only_tasks_with_one_of_the_asked_tags()
    {
        var prefix = TaskApi.NewPrefix("tags");
        await Api.CreateAsync(new { id = prefix + "-backend", title = "b", priority = "critical", tags = new[] { prefix + "-backend" } });
        await Api.CreateAsync(new { id = prefix + "-docs", title = "d", priority = "low", tags = new[] { prefix + "-docs", prefix + "-misc" } });

        Assert.Equal(prefix + "-docs", await Api.NextIdAsync("agent-docs", tags: $"{prefix}-docs,{prefix}-nothing"));
        Assert.Equal(prefix + "-backend", await Api.NextIdAsync("agent-back", tags: prefix + "-backend"));
        Assert.Null(await Api.NextIdAsync("agent-none", tags: prefix + "-nothing"));
    }

    [Fact]
    public async Task Next_offers_a_task_needing_a_capability_only_to_agents_that_have_it()
    {
        var tag = TaskApi.NewPrefix("caps");
        await Api.CreateAsync(new { id = tag + "-gpu", title = "train", priority = "critical", tags = new[] { tag }, required_capability = "gpu" });
        await Api.CreateAsync(new { id = tag + "-any", title = "anything", priority = "low", tags = new[] { tag } });

        Assert.Equal(tag + "-any", await Api.NextIdAsync("agent-cpu", tags: tag, capabilities: "python,sql"));
        Assert.Equal(tag + "-gpu", await Api.NextIdAsync("agent-gpu", tags: tag, capabilities: "python,gpu"));
    }

    [Fact]
    public async Task Next_offers_a_task_with_a_role_only_to_agents_of_that_role()
    {
        var tag = TaskApi.NewPrefix("role");
        await Api.CreateAsync(new { id = tag + "-review", title = "review", priority = "critical", tags = new[] { tag }, role = "reviewer" });

        Assert.Null(await Api.NextIdAsync("agent-coder", tags: tag, role: "coder"));
        Assert.Null(await Api.NextIdAsync("agent-nobody", tags: tag));
        Assert.Equal(tag + "-review", await Api.NextIdAsync("agent-reviewer", tags: tag, role: "reviewer"));
    }

    [Fact]
    public async Task Next_does_not_offer_claimed_or_finished_tasks()
    {
        var tag = TaskApi.NewPrefix("taken");
        await Api.CreateAsync(new { id = tag + "-a", title = "a", tags = new[] { tag } });
        await Api.CreateAsync(new { id = tag + "-b", title = "b", tags = new[] { tag } });
        await Api.ClaimOkAsync(tag + "-a", "agent-1");
        await Api.ClaimAndCompleteAsync(tag + "-b", "agent-1", "done");

        Assert.Null(await Api.NextIdAsync("agent-2", tags: tag));
    }

    [Fact]
    public async Task Two_agents_asking_for_next_at_the_same_time_get_different_tasks()
    {
        var tag = TaskApi.NewPrefix("hold");
        for (var i = 0; i < 4; i++)
        {
            await Api.CreateAsync(new { id = $"{tag}-{i}", title = $"t{i}", tags = new[] { tag } });
        }

        var offered = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Api.NextIdAsync($"agent-{i}", tags: tag)));

        Assert.All(offered, Assert.NotNull);
        Assert.Equal(4, offered.Distinct().Count());

        // Held back from others for a while, but the same agent asking again gets its offer back.
        Assert.Equal(offered[0], await Api.NextIdAsync("agent-0", tags: tag));
        Assert.Null(await Api.NextIdAsync("agent-late", tags: tag));
    }

    [Fact]
    public async Task Next_without_an_agent_id_is_refused_with_400()
    {
        var response = await Api.Client.GetAsync("/v1/tasks/next");

        await TaskApi.ProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
