using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>
/// One embedded gateway for the supervision tests, with every clock short: agents go offline 2 s after their last heartbeat, the
/// supervisor sweeps every 300 ms and flags tasks without progress for 2 s, managed agents tick every 200 ms, and <c>next</c> holds
/// nothing back. Tests keep apart by unique ids, roles and pool names, and delete the pools they declare.
/// </summary>
public sealed class SupervisionGatewayFixture : IAsyncLifetime
{
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Fleet:HeartbeatInterval"] = "00:00:01",
        ["Fleet:MissedHeartbeats"] = "2",
        ["Fleet:SweepInterval"] = "00:00:00.200",
        ["Supervisor:SweepInterval"] = "00:00:00.300",
        ["Supervisor:StuckAfter"] = "00:00:02",
        ["Supervisor:RunnerInterval"] = "00:00:00.200",
        ["Tasks:SweepInterval"] = "00:00:00.200",
        ["Tasks:OfferHold"] = "00:00:00",
    };

    public GatewayHost Gateway { get; private set; } = null!;

    public SupervisionApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(Settings());
        Api = new SupervisionApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SupervisionGatewayCollection : ICollectionFixture<SupervisionGatewayFixture>
{
    public const string Name = "supervision-gateway";
}
