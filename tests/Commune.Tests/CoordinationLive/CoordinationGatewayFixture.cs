using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>
/// One embedded gateway for the live coordination tests: 100 ms steps, a report every 200 ms, an alert after two low reports, and
/// alerts posted to a webhook receiver. Tests keep apart by team and agent names unique to each.
/// </summary>
public sealed class CoordinationGatewayFixture : IAsyncLifetime
{
    public WebhookReceiver Webhook { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public CoordinationApi Api { get; private set; } = null!;

    public AgentApi Agents { get; private set; } = null!;

    public TaskApi Tasks { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Webhook = await WebhookReceiver.StartAsync();
        Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Events:FlushInterval"] = "00:00:00.050",
            ["Supervisor:SweepInterval"] = "00:00:00.300",
            ["Supervisor:RunnerInterval"] = "00:00:00.200",
            ["Tasks:OfferHold"] = "00:00:00",
            ["Coordination:Step"] = "00:00:00.100",
            ["Coordination:MaxSteps"] = "1000",
            ["Coordination:DefaultWindow"] = "200",
            ["Coordination:ReportInterval"] = "00:00:00.200",
            ["Coordination:WriteDelay"] = "00:00:00.200",
            ["Coordination:SynergyAlertBelow"] = "0.05",
            ["Coordination:PerformanceAlertBelow"] = "0.6",
            ["Coordination:AlertAfterReports"] = "2",
            ["Monitor:AlertWebhook"] = Webhook.Url.ToString(),
        });
        Api = new CoordinationApi(Gateway.Client);
        Agents = new AgentApi(Gateway.Client);
        Tasks = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CoordinationGatewayCollection : ICollectionFixture<CoordinationGatewayFixture>
{
    public const string Name = "coordination-live";
}
