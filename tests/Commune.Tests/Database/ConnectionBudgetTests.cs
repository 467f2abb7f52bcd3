using Commune.Hosting;
using Commune.Hosting.Database;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Commune.Tests.Database;

/// <summary>The PostgreSQL connection sizing rule and the default pool size, without a server.</summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public void Three_silos_with_the_default_pool_fit_a_default_PostgreSQL()
    {
        // max_connections 100, superuser_reserved_connections 3, reserved_connections 0: PostgreSQL's defaults.
        var fit = ConnectionBudget.Evaluate(new ConnectionLimits(100, 3, 0), activeSilos: 2, DatabaseOptions.DefaultMaxPoolSize);

        Assert.True(fit.Fits);
        Assert.Equal(3, fit.Silos);
        Assert.Equal(60, fit.Needed);
        Assert.Equal(97, fit.Available);
    }

    [Fact]
    public void Three_silos_with_Npgsql_s_own_default_pool_do_not_fit_and_the_advice_fixes_it()
    {
        var limits = new ConnectionLimits(100, 3, 2);

        var fit = ConnectionBudget.Evaluate(limits, activeSilos: 2, poolSize: 100);

        Assert.False(fit.Fits);
        Assert.Equal(300, fit.Needed);
        Assert.Equal(95, fit.Available);
        Assert.Equal(300 + 3 + 2 + ConnectionBudget.Headroom, fit.SuggestedMaxConnections);
        Assert.Equal(31, fit.SuggestedPoolSize);
        Assert.True(ConnectionBudget.Evaluate(limits with { MaxConnections = fit.SuggestedMaxConnections }, 2, 100).Fits);
        Assert.True(ConnectionBudget.Evaluate(limits, 2, fit.SuggestedPoolSize).Fits);
    }

    [Theory]
    [InlineData(0, 20, 20, true)]
    [InlineData(1, 20, 40, false)]
    [InlineData(4, 4, 20, true)]
    [InlineData(20, 1, 21, true)]
    [InlineData(21, 1, 22, true)]
    [InlineData(22, 1, 23, false)]
    public void The_starting_silo_counts_with_the_active_ones(int active, int pool, int needed, bool fits)
    {
        // 25 - 3 = 22 slots.
        var fit = ConnectionBudget.Evaluate(new ConnectionLimits(25, 3, 0), active, pool);

        Assert.Equal(needed, fit.Needed);
        Assert.Equal(fits, fit.Fits);
    }

    [Fact]
    public void A_server_that_reserves_every_slot_leaves_none_and_still_suggests_a_pool_of_one()
    {
        var fit = ConnectionBudget.Evaluate(new ConnectionLimits(5, 3, 5), activeSilos: 0, poolSize: 1);

        Assert.Equal(0, fit.Available);
        Assert.False(fit.Fits);
        Assert.Equal(1, fit.SuggestedPoolSize);
    }

    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_default()
    {
        var deployment = Deployment("Host=db;Database=commune;Username=commune;Password=pw");

        Assert.Equal(DatabaseOptions.DefaultMaxPoolSize, deployment.MaxPoolSize);
        Assert.Equal("pw", new NpgsqlConnectionStringBuilder(deployment.ConnectionString).Password);
    }

    [Fact]
    public void Database_MaxPoolSize_sets_the_pool_size()
    {
        var deployment = Deployment("Host=db;Database=commune", ("Database:MaxPoolSize", "35"));

        Assert.Equal(35, deployment.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50", 50)]
    [InlineData("Host=db;MaxPoolSize=7", 7)]
    [InlineData("Host=db;maximum pool size=64", 64)]
    public void A_pool_size_in_the_connection_string_wins(string connectionString, int expected)
    {
        var deployment = Deployment(connectionString, ("Database:MaxPoolSize", "35"));

        Assert.Equal(expected, deployment.MaxPoolSize);
        Assert.Equal(connectionString, deployment.ConnectionString);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void An_out_of_range_pool_size_stops_the_start_naming_the_key(string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Deployment("Host=db", ("Database:MaxPoolSize", value)));

        Assert.Contains("Database:MaxPoolSize must be between 1 and 1000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_mode_has_no_pool()
    {
        var deployment = CommuneDeployment.From(new ConfigurationBuilder().Build());

        Assert.Equal(DeploymentMode.Embedded, deployment.Mode);
        Assert.Equal(0, deployment.MaxPoolSize);
    }

    private static CommuneDeployment Deployment(string connectionString, params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        values["ConnectionStrings:Commune"] = connectionString;
        return CommuneDeployment.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
