using Commune.Tests.Infrastructure;

namespace Commune.Tests.Sessions;

/// <summary>
/// An embedded gateway (no API keys: the default profiles answer through the labelled simulator) where sessions may live for a second:
/// <c>Sessions:MinTtl</c> and Orleans' <c>MinimumReminderPeriod</c> are lowered to one second so expiry is observable in a test.
/// </summary>
public sealed class SessionGatewayFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sessions:MinTtl"] = "00:00:01",
        ["Sessions:MaxTurns"] = "6",
        ["Reminders:MinimumReminderPeriod"] = "00:00:01",
    };

    public GatewayHost Gateway { get; private set; } = null!;

    public HttpClient Client => Gateway.Client;

    public async ValueTask InitializeAsync() => Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>(Settings));

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
