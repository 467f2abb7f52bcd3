namespace Commune.Tests.Infrastructure;

/// <summary>
/// One embedded gateway shared by the agent and message test classes. Tests keep apart by unique agent names
/// (<see cref="AgentApi.NewName"/>) and broadcast only to roles of their own. Limits are lowered so flood control is quick to reach.
/// </summary>
public sealed class AgentGatewayFixture : IAsyncLifetime
{
    public const int Burst = 10;
    public const int MaxHops = 4;

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Tasks:SweepInterval"] = "00:00:00.200",
        ["Messages:RatePerSecond"] = "2",
        ["Messages:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messages:MaxHops"] = MaxHops.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messages:MaxPayloadBytes"] = "4096",
        ["Fleet:InboxCapacity"] = "20",
    };

    public GatewayHost Gateway { get; private set; } = null!;

    public AgentApi Agents { get; private set; } = null!;

    public TaskApi Tasks { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(Settings());
        Agents = new AgentApi(Gateway.Client);
        Tasks = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>Shares one <see cref="AgentGatewayFixture"/> between the agent test classes.</summary>
[CollectionDefinition(Name)]
public sealed class AgentGatewayCollection : ICollectionFixture<AgentGatewayFixture>
{
    public const string Name = "agent-gateway";
}
