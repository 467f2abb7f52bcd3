using System.Net;
using Commune.Health;
using Commune.Hosting.Database;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>The gateway as an Orleans client of a PostgreSQL cluster, and state that outlives every silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusteredGatewayTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_gateway_on_a_postgres_cluster_serves_health_the_cluster_view_and_the_dashboard()
    {
        var database = await postgres.CreateDatabaseAsync("gateway_client");
        await SiloCommand.MigrateAsync(database);
        await using var silo = await SiloProcess.StartAsync(database);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database });

        using var ready = await gateway.Client.GetAsync("/health/ready");
        using var cluster = await gateway.Client.GetAsync("/v1/cluster");
        var dashboardHosts = await Dashboard.WaitForHostsAsync(gateway.Client);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var view = await Json.ReadAsync(cluster);
        Assert.Equal("clustered", view.GetProperty("mode").GetString());
        var member = Assert.Single(view.GetProperty("silos").EnumerateArray());
        Assert.StartsWith(silo.Endpoint + "@", member.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", member.GetProperty("status").GetString());
        var shown = Assert.Single(dashboardHosts.EnumerateArray());
        Assert.StartsWith(silo.Endpoint + "@", shown.GetProperty("siloAddress").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_started_before_any_silo_answers_503_until_one_joins()
    {
        var database = await postgres.CreateDatabaseAsync("gateway_first");
        await SiloCommand.MigrateAsync(database);
        await using var gateway = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database }, waitUntilReady: false);

        using var notReady = await gateway.Client.GetAsync("/health/ready");
        using var cluster = await gateway.Client.GetAsync("/v1/cluster");
        await using var silo = await SiloProcess.StartAsync(database);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var joined = await gateway.Client.GetAsync("/v1/cluster");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var notReadyBody = await notReady.Content.ReadAsStringAsync();
        Assert.True(notReadyBody.Contains("No silo has been reached yet", StringComparison.Ordinal), notReadyBody);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cluster.StatusCode);
        Assert.Equal("application/problem+json", cluster.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
    }

    [Fact]
    public async Task A_gateway_refuses_an_unmigrated_database_and_says_to_run_migrate()
    {
        var database = await postgres.CreateDatabaseAsync("gateway_unmigrated");

        var error = await Assert.ThrowsAsync<SchemaNotReadyException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database }));

        Assert.Contains(SchemaNotReadyException.MigrateCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_state_is_json_in_postgres_and_survives_the_whole_cluster_restarting()
    {
        var database = await postgres.CreateDatabaseAsync("restart");
        await SiloCommand.MigrateAsync(database);
        const string key = "survivor";

        var first = await SiloProcess.StartAsync(database);
        ProbeReport before;
        await using (var client = await ClusterClientHost.StartAsync(database))
        {
            await client.Client.GetGrain<IHealthProbeGrain>(key).ProbeAsync();
            before = await client.Client.GetGrain<IHealthProbeGrain>(key).ProbeAsync();
        }

        var exitCode = await first.StopAsync();
        await first.DisposeAsync();
        var stoppedStatus = await PostgresQueries.SiloStatusAsync(database, first.SiloPort);
        var storedProbes = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT convert_from(PayloadBinary, 'UTF8')::jsonb ->> 'Probes' FROM OrleansStorage WHERE GrainIdExtensionString = @key",
            ("key", key));

        await using var second = await SiloProcess.StartAsync(database);
        await using var again = await ClusterClientHost.StartAsync(database);
        var after = await again.Client.GetGrain<IHealthProbeGrain>(key).ProbeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(PostgresQueries.Dead, stoppedStatus);
        Assert.Equal("2", storedProbes);
        Assert.Equal(3, after.Probes);
        Assert.Equal(before.FirstProbeAt, after.FirstProbeAt);
        Assert.StartsWith(second.Endpoint + "@", after.Silo, StringComparison.Ordinal);
    }
}
