using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>A gateway of its own where one second of waiting is worth a priority level.</summary>
public sealed class AgingGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    public TaskApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = TaskGatewayFixture.Settings();
        settings["Tasks:AgingPerLevel"] = "00:00:01";
        Gateway = await GatewayHost.StartAsync(settings);
        Api = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>Aging: a low-priority task that has waited long enough beats newer higher-priority work, so it is not starved.</summary>
public sealed class TaskAgingTests(AgingGatewayFixture fixture) : IClassFixture<AgingGatewayFixture>
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task An_old_low_priority_task_beats_a_new_high_priority_one_after_waiting()
    {
        var aged = TaskApi.NewPrefix("aged");
        var fresh = TaskApi.NewPrefix("fresh");
        await Api.CreateAsync(new { id = aged + "-low", title = "old low", priority = "low", tags = new[] { aged } });

        // High is two levels above low: waiting clearly more than two aging periods must outweigh that.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await Api.CreateAsync(new { id = aged + "-high", title = "new high", priority = "high", tags = new[] { aged } });

        // The control: created together, high still wins.
        await Api.CreateAsync(new { id = fresh + "-low", title = "new low", priority = "low", tags = new[] { fresh } });
        await Api.CreateAsync(new { id = fresh + "-high", title = "new high", priority = "high", tags = new[] { fresh } });

        Assert.Equal(fresh + "-high", await Api.NextIdAsync("agent-fresh", tags: fresh));
        Assert.Equal(aged + "-low", await Api.NextIdAsync("agent-aged", tags: aged));
    }
}
