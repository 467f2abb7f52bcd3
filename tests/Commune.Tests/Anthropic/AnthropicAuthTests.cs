using System.Net;
using System.Net.Http.Headers;
using Anthropic.Exceptions;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Anthropic;

/// <summary>
/// With keys configured the Messages API needs one, given as <c>x-api-key</c> (Claude Code with ANTHROPIC_API_KEY) or as a bearer token
/// (ANTHROPIC_AUTH_TOKEN, the .NET SDK); a missing or wrong key is a 401 in Anthropic's shape.
/// </summary>
public sealed class AnthropicAuthTests(SecuredGatewayFixture fixture) : IClassFixture<SecuredGatewayFixture>
{
    private async Task<HttpResponseMessage> GetModelsAsync(Action<HttpRequestHeaders> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anthropic/v1/models");
        headers(request.Headers);
        return await fixture.Gateway.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_x_api_key_header_is_accepted()
    {
        using var response = await GetModelsAsync(h => h.Add("x-api-key", SecuredGatewayFixture.OtherKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKindArray, (await Json.ReadAsync(response)).GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task A_bearer_token_is_accepted()
    {
        using var response = await GetModelsAsync(h => h.Authorization = new AuthenticationHeaderValue("Bearer", SecuredGatewayFixture.Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("x-api-key", "not-a-valid-key-at-all")]
    [InlineData("x-api-key", " ")]
    [InlineData("Authorization", "Bearer not-a-valid-key-at-all")]
    [InlineData(null, null)]
    public async Task A_missing_or_wrong_key_is_a_401_authentication_error(string? header, string? value)
    {
        using var response = await GetModelsAsync(h =>
        {
            if (header is not null)
            {
                h.TryAddWithoutValidation(header, value);
            }
        });
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_wrong_key_on_the_OpenAI_routes_keeps_the_problem_shape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("x-api-key", "not-a-valid-key-at-all");

        using var response = await fixture.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await Json.ReadAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_SDK_with_a_gateway_key_is_let_in_and_with_another_is_unauthorized()
    {
        using var good = new AnthropicSdkClient(fixture.Gateway.Address, SecuredGatewayFixture.Key);
        using var bad = new AnthropicSdkClient(fixture.Gateway.Address, "not-a-valid-key-at-all");

        var page = await good.Client.Models.List();
        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => bad.Client.Models.List());

        Assert.NotNull(page);
        Assert.Contains("authentication_error", error.ResponseBody, StringComparison.Ordinal);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindArray = System.Text.Json.JsonValueKind.Array;
}
