using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Monitoring;

/// <summary>
/// One embedded gateway for the report tests, with short intervals and its providers on a fake: <c>mp1</c> (whose breaker the tests
/// trip) and <c>mp2</c>. Profiles: <c>mon-breaker</c> (mp1 → mp2) and <c>mon-budget</c> (mp2 only).
/// </summary>
public sealed class MonitorGatewayFixture : IAsyncLifetime
{
    public FakeProviderServer Fake { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public MonitorApi Monitor { get; private set; } = null!;

    public TaskApi Tasks { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviderServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Fleet:HeartbeatInterval"] = "00:00:01",
            ["Fleet:MissedHeartbeats"] = "2",
            ["Fleet:SweepInterval"] = "00:00:00.200",
            ["Tasks:SweepInterval"] = "00:00:00.200",
            ["Monitor:Interval"] = "00:00:00.500",
            ["Monitor:StuckAfter"] = "00:00:01",
            ["Monitor:MessageFlushInterval"] = "00:00:00.200",
            ["Monitor:Thresholds:MessagesPerMinute:Warning"] = "1000",
            ["Models:Breaker:FailureThreshold"] = "2",
            ["Models:Breaker:Cooldown"] = "00:10:00",
            ["Models:Breaker:RefreshInterval"] = "00:00:00.100",
            ["Models:Chain:RetryBaseDelay"] = "00:00:00.020",
            ["Agents:mon-breaker:model"] = "mp1/mon-fail",
            ["Agents:mon-breaker:fallbacks:0"] = "mp2/mon-ok",
            ["Agents:mon-breaker:timeout"] = "5",
            ["Agents:mon-budget:model"] = "mp2/mon-budget",
            ["Agents:mon-budget:timeout"] = "5",
        };
        foreach (var name in new[] { "mp1", "mp2" })
        {
            settings[$"Providers:{name}:Kind"] = "openai";
            settings[$"Providers:{name}:BaseUrl"] = Fake.OpenAiBaseUrl.ToString();
            settings[$"Providers:{name}:ApiKey"] = "test-openai-key";
        }

        Gateway = await GatewayHost.StartAsync(settings);
        Monitor = new MonitorApi(Gateway.Client);
        Tasks = new TaskApi(Gateway.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
