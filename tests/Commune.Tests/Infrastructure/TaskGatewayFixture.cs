namespace Commune.Tests.Infrastructure;

/// <summary>
/// One embedded gateway shared by the task test classes, with a fast lease sweep. Tests keep apart by giving every task id and tag a
/// unique prefix (<see cref="TaskApi.NewPrefix"/>), since the queue, the topics and the escalation log are shared.
/// </summary>
public sealed class TaskGatewayFixture : IAsyncLifetime
{
    /// <summary>The settings of the shared gateway; dedicated gateways start from these and change one thing.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Tasks:SweepInterval"] = "00:00:00.200",
        ["Tasks:OfferHold"] = "00:00:05",
    };

    public GatewayHost Gateway { get; private set; } = null!;

    public TaskApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(Settings());
        Api = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>Shares one <see cref="TaskGatewayFixture"/> between the task test classes.</summary>
[CollectionDefinition(Name)]
public sealed class TaskGatewayCollection : ICollectionFixture<TaskGatewayFixture>
{
    public const string Name = "task-gateway";
}
