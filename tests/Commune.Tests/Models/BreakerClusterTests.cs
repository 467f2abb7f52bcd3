using Commune.Grains.Models;
using Commune.Hosting;
using Commune.Hosting.Orleans;
using Commune.Models;
using Commune.Tests.Infrastructure.FakeProvider;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Commune.Tests.Models;

/// <summary>
/// The circuit breaker's whole cycle across a two-silo cluster: tripped by chains on one silo, honoured by the other within a second
/// with no time spent on the dead provider, one probe after the cooldown, closed by its success, re-opened by its failure.
/// </summary>
public sealed class BreakerClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(1.5);
    private FakeProviderServer _fake = null!;
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Providers:bp:Kind"] = "openai",
            ["Providers:bp:BaseUrl"] = _fake.OpenAiBaseUrl.ToString(),
            ["Providers:bq:Kind"] = "openai",
            ["Providers:bq:BaseUrl"] = _fake.OpenAiBaseUrl.ToString(),
            ["Agents:breaker:model"] = "bp/primary",
            ["Agents:breaker:fallbacks:0"] = "bq/secondary",
            ["Agents:breaker:timeout"] = "5",
            ["Models:Breaker:FailureThreshold"] = "3",
            ["Models:Breaker:Cooldown"] = Cooldown.ToString(),
            ["Models:Breaker:RefreshInterval"] = "00:00:00.100",
            ["Models:Chain:RetryBaseDelay"] = "00:00:00.020",
        };
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) => silo.AddCommuneGrainServices(new CommuneDeployment(DeploymentMode.Embedded, null)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private ChainExecutor Executor(int silo) => _cluster.Silos[silo].ServiceProvider.GetRequiredService<ChainExecutor>();

    private ProviderHealthCache Cache(int silo) => _cluster.Silos[silo].ServiceProvider.GetRequiredService<ProviderHealthCache>();

    private static ModelCall Call() => new("breaker", [new ChatTurn("user", "hi")], 16);

    private async Task<BreakerSnapshot> EventuallyAsync(int silo, Func<BreakerSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (!condition(Cache(silo).Get("bp")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Cache(silo).Get("bp");
    }

    [Fact]
    public async Task A_trip_on_one_silo_is_honoured_on_the_other_then_one_probe_closes_or_reopens_it()
    {
        // Three calls on silo 0, each a 500 retried once and then answered by the fallback: three failures in a row open it.
        _fake.Script("primary", Enumerable.Range(0, 6).Select(_ => FakeReply.ServerError()).ToArray());
        for (var i = 0; i < 3; i++)
        {
            var result = await Executor(0).CompleteAsync(Call(), CancellationToken.None);
            Assert.Equal("bq", result.Answer!.Provider);
        }

        var seenElsewhere = await EventuallyAsync(1, b => b.State == BreakerState.Open);
        Assert.Equal(BreakerState.Open, seenElsewhere.State);

        // Silo 1 skips the dead provider without calling it or waiting for it.
        var skipped = await Executor(1).CompleteAsync(Call(), CancellationToken.None);
        Assert.Equal(AttemptOutcome.SkippedBreakerOpen, skipped.Attempts[0].Outcome);
        Assert.Equal(0, skipped.Attempts[0].LatencyMs);
        Assert.Equal("bq", skipped.Answer!.Provider);
        Assert.Equal(6, _fake.CountFor("primary"));

        // After the cooldown, concurrent calls on both silos: exactly one probes, and its success closes the breaker.
        await Task.Delay(Cooldown + TimeSpan.FromMilliseconds(200));
        _fake.Script("primary", FakeReply.Ok("back").After(TimeSpan.FromMilliseconds(300)));
        var wave = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Executor(i % 2).CompleteAsync(Call(), CancellationToken.None)));
        Assert.Equal(7, _fake.CountFor("primary"));
        Assert.Single(wave, r => r.Answer!.Provider == "bp");
        var closed = await _cluster.Client.GetGrain<IProviderHealthGrain>("bp").GetAsync();
        Assert.Equal(BreakerState.Closed, closed.State);
        Assert.Equal(
            [BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed],
            closed.History.Select(t => t.To));

        // Trip it again; this time the probe fails and the breaker re-opens for another cooldown.
        _fake.Script("primary", Enumerable.Range(0, 6).Select(_ => FakeReply.ServerError()).ToArray());
        for (var i = 0; i < 3; i++)
        {
            await Executor(1).CompleteAsync(Call(), CancellationToken.None);
        }

        await Task.Delay(Cooldown + TimeSpan.FromMilliseconds(200));
        _fake.Script("primary", FakeReply.Billing());
        var probe = await Executor(0).CompleteAsync(Call(), CancellationToken.None);
        Assert.Equal(AttemptOutcome.Billing, probe.Attempts[0].Outcome);
        var reopened = await _cluster.Client.GetGrain<IProviderHealthGrain>("bp").GetAsync();
        Assert.Equal(BreakerState.Open, reopened.State);
        Assert.Contains("probe failed", reopened.History[^1].Reason, StringComparison.Ordinal);
        Assert.True(reopened.OpenUntil > DateTimeOffset.UtcNow);
    }
}
