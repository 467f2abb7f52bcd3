using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Tasks;

/// <summary>A gateway of its own with <c>Tasks:OnDependencyFailure=fail</c>.</summary>
public sealed class FailPolicyGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    public TaskApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = TaskGatewayFixture.Settings();
        settings["Tasks:OnDependencyFailure"] = "fail";
        Gateway = await GatewayHost.StartAsync(settings);
        Api = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>With <c>Tasks:OnDependencyFailure=fail</c>, a failed or cancelled dependency fails its dependents, all the way down.</summary>
public sealed class TaskDependencyFailurePolicyTests(FailPolicyGatewayFixture fixture) : IClassFixture<FailPolicyGatewayFixture>
{
    private TaskApi Api => fixture.Api;

    [Fact]
    public async Task A_cancelled_dependency_fails_its_dependents_transitively()
    {
        var prefix = TaskApi.NewPrefix("fail-policy");
        string a = prefix + "-a", b = prefix + "-b", c = prefix + "-c", d = prefix + "-d";
        await Api.CreateBatchAsync(
            new { id = a, title = "A" },
            new { id = b, title = "B", depends_on = new[] { a } },
            new { id = c, title = "C", depends_on = new[] { b } },
            new { id = d, title = "D independent" });

        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/v1/tasks/{a}/cancel", new { reason = "scope cut" })).StatusCode);

        var direct = await Api.GetAsync(b);
        Assert.Equal("failed", direct.GetProperty("status").GetString());
        Assert.Contains(a, direct.GetProperty("error").GetString()!, StringComparison.Ordinal);
        var indirect = await Api.GetAsync(c);
        Assert.Equal("failed", indirect.GetProperty("status").GetString());
        Assert.Contains(b, indirect.GetProperty("error").GetString()!, StringComparison.Ordinal);
        Assert.Equal("pending", await Api.StatusAsync(d));
    }

    [Fact]
    public async Task A_dependency_that_failed_for_good_fails_its_dependents_transitively()
    {
        var prefix = TaskApi.NewPrefix("fail-policy2");
        string a = prefix + "-a", b = prefix + "-b", c = prefix + "-c";
        await Api.CreateBatchAsync(
            new { id = a, title = "A", max_attempts = 1 },
            new { id = b, title = "B", depends_on = new[] { a } },
            new { id = c, title = "C", depends_on = new[] { b } });

        var epoch = await Api.ClaimOkAsync(a, "agent-a");
        await Api.HolderOkAsync(a, "fail", "agent-a", epoch, error: "out of ideas");

        Assert.Equal("failed", await Api.StatusAsync(b));
        Assert.Equal("failed", await Api.StatusAsync(c));
        await TaskApi.ProblemAsync(await Api.ClaimAsync(c, "agent-c"), HttpStatusCode.Conflict, "finished");
    }
}
