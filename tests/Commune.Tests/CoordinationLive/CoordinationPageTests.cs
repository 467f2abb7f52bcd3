using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>The /coordination page: served by the gateway as one self-contained HTML file, readable without the paper.</summary>
[Collection(CoordinationGatewayCollection.Name)]
public sealed class CoordinationPageTests(CoordinationGatewayFixture fixture)
{
    [Fact]
    public async Task The_page_is_html_with_a_plain_sentence_under_each_chart_and_no_external_script()
    {
        var response = await fixture.Gateway.Client.GetAsync("/coordination");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("Synergy is what two agents together tell about how the team does next", html, StringComparison.Ordinal);
        Assert.Contains("Redundancy is what each agent of a pair already tells on its own", html, StringComparison.Ordinal);
        Assert.Contains("Mutual information measures how much knowing what one agent is doing", html, StringComparison.Ordinal);
        Assert.Contains("Above zero, the team's overall activity predicts its own future", html, StringComparison.Ordinal);
        Assert.Contains("Performance is the share of finished tasks that succeeded", html, StringComparison.Ordinal);
        Assert.Contains("An arrow from A to B means what A does now predicts what B does next", html, StringComparison.Ordinal);
        Assert.Contains("/v1/coordination/report?", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}

/// <summary>With API keys the page still loads (it holds no data) while its data routes need the key it asks for.</summary>
public sealed class SecuredCoordinationPageTests(SecuredGatewayFixture fixture) : IClassFixture<SecuredGatewayFixture>
{
    [Fact]
    public async Task The_page_loads_without_a_key_and_asks_for_one_while_the_data_routes_require_it()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Address };
        var page = await anonymous.GetAsync("/coordination");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"Authorization\": \"Bearer \" + key", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/coordination/teams")).StatusCode);

        using var keyed = new HttpClient { BaseAddress = fixture.Gateway.Address };
        keyed.DefaultRequestHeaders.Authorization = new("Bearer", SecuredGatewayFixture.Key);
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/v1/coordination/teams")).StatusCode);
    }
}
