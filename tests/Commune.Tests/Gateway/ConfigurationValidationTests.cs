using Commune.Gateway.Security;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway;

/// <summary>Bad settings stop start-up with a message that names the setting, before anything listens.</summary>
public sealed class ConfigurationValidationTests
{
    [Fact]
    public async Task Equal_silo_and_gateway_ports_are_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.BuildAsync(
            new Dictionary<string, string?> { ["Orleans:SiloPort"] = "12000", ["Orleans:GatewayPort"] = "12000" }));

        Assert.Contains("Orleans:SiloPort and Orleans:GatewayPort are both 12000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Orleans:SiloPort", "0")]
    [InlineData("Orleans:GatewayPort", "70000")]
    [InlineData("Orleans:ClientResponseTimeout", "00:00:00")]
    [InlineData("Orleans:GatewayListRefreshPeriod", "01:00:00")]
    public async Task Out_of_range_cluster_settings_are_refused(string key, string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_cluster_id_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { ["Orleans:ClusterId"] = " " }));

        Assert.Contains("Orleans:ClusterId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.BuildAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = "Host=x;Password=hunter2;NoSuchKeyword=1" }));

        Assert.Contains("ConnectionStrings:Commune is not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_request_body_limit_that_is_not_positive_is_refused(string value)
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = value }));

        Assert.Contains($"Gateway:MaxRequestBodyBytes must be a positive number of bytes, not {value}", error.Message, StringComparison.Ordinal);
    }
}
