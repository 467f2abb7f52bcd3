using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway;

/// <summary>With Gateway:ApiKeys set, /v1 and the dashboard need a key; health stays open.</summary>
public sealed class ApiKeyTests(SecuredGatewayFixture fixture) : IClassFixture<SecuredGatewayFixture>
{
    private HttpClient Http => fixture.Gateway.Client;

    [Theory]
    [InlineData("/v1/cluster")]
    [InlineData("/v1/no-such-thing")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    [InlineData("/openapi/v1.json")]
    public async Task Protected_routes_answer_401_with_a_problem_body_without_a_key(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var problem = await Json.ReadAsync(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_reason_given()
    {
        using var response = await Send("/v1/cluster", new AuthenticationHeaderValue("Bearer", "not-a-valid-key-at-all"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The API key is not valid.", (await Json.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_refused()
    {
        using var response = await Send("/v1/cluster", new AuthenticationHeaderValue("Token", SecuredGatewayFixture.Key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer <api key>", (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecuredGatewayFixture.Key)]
    [InlineData(SecuredGatewayFixture.OtherKey)]
    public async Task Any_configured_key_opens_the_api(string key)
    {
        using var response = await Send("/v1/cluster", new AuthenticationHeaderValue("Bearer", key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_opens_with_a_bearer_key_or_with_the_key_as_basic_password()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{SecuredGatewayFixture.Key}"));

        using var bearer = await Send("/dashboard/", new AuthenticationHeaderValue("Bearer", SecuredGatewayFixture.Key));
        using var browser = await Send("/dashboard/DashboardCounters", new AuthenticationHeaderValue("Basic", basic));

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, browser.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_routes_stay_open(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await Http.SendAsync(request);
    }
}
