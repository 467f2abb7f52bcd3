using System.Net;
using System.Net.Http.Headers;
using Commune.Gateway.Security;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway;

/// <summary>Listening beyond loopback needs API keys; keys must be usable ones.</summary>
public sealed class ListenGuardTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://127.0.0.1:0;http://+:0")]
    public async Task Listening_beyond_loopback_without_keys_is_refused_with_the_fix(string urls)
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?>(), urls));

        Assert.Contains("without API keys", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:ApiKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ports_only_configuration_counts_as_every_interface()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { ["urls"] = null, ["http_ports"] = "0" }, url: ""));

        Assert.Contains("http://*:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_keys_are_refused_without_echoing_them()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.BuildAsync(
            new Dictionary<string, string?> { ["Gateway:ApiKeys:0"] = "a-long-enough-key-0123", ["Gateway:ApiKeys:1"] = "short-secret" }));

        Assert.Contains("Gateway:ApiKeys:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_on_every_interface_with_a_key_works_and_requires_the_key()
    {
        const string key = "wide-open-key-0123456789";
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:ApiKeys:0"] = key }, host: "0.0.0.0");

        using var anonymous = await gateway.Client.GetAsync("/v1/cluster");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cluster") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        using var authorized = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }
}
