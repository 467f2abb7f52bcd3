using System.Net;
using System.Text;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway.Validation;

/// <summary><c>Gateway:MaxRequestBodyBytes</c> bounds every route's body, the ones the validation reads into memory included.</summary>
public sealed class RequestBodyLimitTests
{
    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_and_one_under_it_is_read()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "2000" });
        var id = TaskApi.NewPrefix("limit");
        string Body(int padding) => $$"""{"id": "{{id}}", "title": "{{new string('t', padding)}}"}""";

        using var over = await gateway.Client.PostAsync("/v1/tasks", new StringContent(Body(2500), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await Json.ReadAsync(over)).GetProperty("status").GetInt32());

        using var under = await gateway.Client.PostAsync("/v1/tasks", new StringContent(Body(100), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, under.StatusCode);
    }
}
