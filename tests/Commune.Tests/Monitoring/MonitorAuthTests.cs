using System.Net;
using System.Net.Http.Headers;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Monitoring;

/// <summary>With API keys configured, the report, the alerts and the Prometheus scrape all need a key.</summary>
public sealed class MonitorAuthTests(SecuredGatewayFixture fixture) : IClassFixture<SecuredGatewayFixture>
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/v1/monitor")]
    [InlineData("/v1/monitor/alerts")]
    public async Task Monitoring_routes_need_the_key_when_keys_are_configured(string path)
    {
        using var anonymous = await fixture.Gateway.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredGatewayFixture.Key);
        using var authorized = await fixture.Gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }
}
