using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway;

/// <summary>The embedded service as a user meets it: health, dashboard, the cluster view and problem details, over HTTP.</summary>
public sealed class EmbeddedGatewayTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private HttpClient Http => fixture.Gateway.Client;

    [Fact]
    public async Task Liveness_answers_healthy()
    {
        using var response = await Http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await Json.ReadAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_answers_healthy_after_a_grain_round_trips_through_storage()
    {
        using var response = await Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = (await Json.ReadAsync(response)).GetProperty("checks").GetProperty("cluster");
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.True(check.GetProperty("data").GetProperty("probes").GetInt64() >= 1);
    }

    /// <summary>Kestrel refuses a body over its 30 MB limit while the endpoint reads it: that is the client's 413, never a 500.</summary>
    [Theory]
    [InlineData("/v1/tasks")]
    [InlineData("/v1/sessions")]
    public async Task A_body_over_the_servers_limit_is_413_with_a_problem(string route)
    {
        // Expect: 100-continue, as large uploads do: the server answers before the body is sent, so the client can read the refusal
        // instead of having its upload cut off.
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(new byte[31_000_000]) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.ExpectContinue = true;
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await Json.ReadAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Dashboard_redirects_to_its_page_and_serves_it()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Gateway.Address };
        using var redirect = await noRedirect.GetAsync("/dashboard");
        using var page = await Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.EndsWith("/dashboard/", redirect.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_data_endpoints_answer_with_cluster_data()
    {
        var hosts = await Dashboard.WaitForHostsAsync(Http);

        var host = Assert.Single(hosts.EnumerateArray());
        Assert.Equal("Active", host.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cluster_view_shows_the_embedded_silo_as_active()
    {
        using var response = await Http.GetAsync("/v1/cluster");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cluster = await Json.ReadAsync(response);
        Assert.Equal("embedded", cluster.GetProperty("mode").GetString());
        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_routes_get_a_problem_body()
    {
        using var response = await Http.GetAsync("/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await Json.ReadAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_v1_routes()
    {
        using var response = await Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("paths").TryGetProperty("/v1/cluster", out _));
    }
}
