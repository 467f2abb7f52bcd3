using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway.Fuzz;

/// <summary>
/// An embedded gateway of its own for the fuzz test (what it writes must not meet other tests' queues), with the task settings of
/// the task tests and a webhook secret, so the GitHub webhook is fuzzed past its "not configured" 503.
/// </summary>
public sealed class FuzzGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = TaskGatewayFixture.Settings();
        settings["GitHub:WebhookSecret"] = "fuzz-webhook-secret-0123456789abcdef";
        Gateway = await GatewayHost.StartAsync(settings);
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
