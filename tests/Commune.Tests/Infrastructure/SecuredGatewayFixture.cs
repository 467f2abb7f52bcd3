namespace Commune.Tests.Infrastructure;

/// <summary>An embedded gateway with API keys configured, shared by a test class.</summary>
public sealed class SecuredGatewayFixture : IAsyncLifetime
{
    public const string Key = "test-key-0123456789abcdef";
    public const string OtherKey = "second-key-fedcba9876543210";

    public GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        ["Gateway:ApiKeys:0"] = Key,
        ["Gateway:ApiKeys:1"] = OtherKey,
    });

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
