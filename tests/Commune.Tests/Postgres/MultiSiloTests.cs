using Commune.Health;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>Three real silo processes on PostgreSQL; one dies without warning; its grains come back elsewhere with their state.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiSiloTests(PostgresServer postgres)
{
    private const int GrainCount = 60;

    [Fact]
    public async Task Grains_of_a_silo_killed_hard_reactivate_on_the_survivors_with_their_state_and_it_is_declared_dead()
    {
        var database = await postgres.CreateDatabaseAsync("multisilo");
        await SiloCommand.MigrateAsync(database);
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SiloProcess.StartAsync(database)));
        try
        {
            await using var client = await ClusterClientHost.StartAsync(database);
            var keys = Enumerable.Range(0, GrainCount).Select(i => $"spread-{i}").ToArray();
            await Task.WhenAll(keys.Select(k => client.Client.GetGrain<IHealthProbeGrain>(k).ProbeAsync()));
            var before = await Task.WhenAll(keys.Select(k => client.Client.GetGrain<IHealthProbeGrain>(k).ProbeAsync()));
            var hosts = before.GroupBy(r => r.Silo).ToList();
            Assert.True(hosts.Count >= 2, $"grains should spread over several silos, all were on {hosts[0].Key}");

            var victimAddress = hosts.OrderByDescending(g => g.Count()).First().Key;
            var victim = silos.Single(s => victimAddress.StartsWith(s.Endpoint + "@", StringComparison.Ordinal));
            await victim.KillAsync();
            await PostgresQueries.WaitForSiloStatusAsync(database, victim.SiloPort, PostgresQueries.Dead, TimeSpan.FromSeconds(90));

            var reactivated = await Task.WhenAll(keys.Select(k => PeekWithRetry(client.Client, k)));
            var after = await Task.WhenAll(keys.Select(k => client.Client.GetGrain<IHealthProbeGrain>(k).ProbeAsync()));

            Assert.Equal(before.Select(b => b.Probes), reactivated.Select(r => r.Probes));
            Assert.All(after.Zip(before), pair =>
            {
                var (now, then) = pair;
                Assert.Equal(then.Probes + 1, now.Probes);
                Assert.Equal(then.FirstProbeAt, now.FirstProbeAt);
                Assert.False(now.Silo.StartsWith(victim.Endpoint + "@", StringComparison.Ordinal), $"{now.Key} still answers from the dead silo");
            });
            foreach (var survivor in silos.Where(s => s != victim))
            {
                Assert.Equal(PostgresQueries.Active, await PostgresQueries.SiloStatusAsync(database, survivor.SiloPort));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    // Right after a death declaration a call can still be routed on a stale directory entry; a read-only call is safe to retry.
    private static async Task<ProbeReport> PeekWithRetry(IClusterClient client, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.GetGrain<IHealthProbeGrain>(key).PeekAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
