using Commune.Health;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class HealthProbeGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_fresh_probe_grain_reports_no_probes_until_probed()
    {
        var grain = fixture.Client.GetGrain<IHealthProbeGrain>($"fresh-{Guid.NewGuid()}");

        var before = await grain.PeekAsync();
        var after = await grain.ProbeAsync();

        Assert.Equal(0, before.Probes);
        Assert.Null(before.FirstProbeAt);
        Assert.Equal(1, after.Probes);
        Assert.NotNull(after.FirstProbeAt);
        Assert.Equal(after.FirstProbeAt, after.LastProbeAt);
    }

    [Fact]
    public async Task Probe_state_survives_deactivation()
    {
        var key = $"deactivate-{Guid.NewGuid()}";
        var grain = fixture.Client.GetGrain<IHealthProbeGrain>(key);
        await grain.ProbeAsync();
        var second = await grain.ProbeAsync();

        await fixture.Cluster.DeactivateAsync(grain);
        var third = await grain.ProbeAsync();

        Assert.Equal(key, third.Key);
        Assert.Equal(3, third.Probes);
        Assert.Equal(second.FirstProbeAt, third.FirstProbeAt);
        Assert.True(third.ActivatedAt > second.ActivatedAt, "a new activation answered after deactivation");
    }

    [Fact]
    public async Task Probe_state_follows_the_grain_to_another_silo()
    {
        var grain = fixture.Client.GetGrain<IHealthProbeGrain>($"migrate-{Guid.NewGuid()}");
        var first = await grain.ProbeAsync();
        var other = fixture.Cluster.Silos.Select(s => s.SiloAddress).First(s => s.ToParsableString() != first.Silo);

        await fixture.Cluster.MigrateAsync(grain, other);
        var second = await grain.ProbeAsync();

        Assert.Equal(other.ToParsableString(), second.Silo);
        Assert.Equal(2, second.Probes);
    }
}
