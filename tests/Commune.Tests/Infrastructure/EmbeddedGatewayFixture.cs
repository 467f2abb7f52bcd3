namespace Commune.Tests.Infrastructure;

/// <summary>One embedded gateway (silo co-hosted, no API keys) shared by a test class.</summary>
public sealed class EmbeddedGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Gateway = await GatewayHost.StartAsync();

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
