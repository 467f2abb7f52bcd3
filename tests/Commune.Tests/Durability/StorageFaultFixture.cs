using Commune.Tests.Infrastructure;

namespace Commune.Tests.Durability;

/// <summary>An embedded gateway whose grain storage fails on demand (<see cref="StorageFaultSwitch"/>).</summary>
public sealed class StorageFaultFixture : IAsyncLifetime
{
    public StorageFaultSwitch Faults { get; } = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public TaskApi Tasks { get; private set; } = null!;

    public AgentApi Agents { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(TaskGatewayFixture.Settings(), services: s => FailingGrainStorage.Install(s, Faults));
        Tasks = new TaskApi(Gateway.Client);
        Agents = new AgentApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
