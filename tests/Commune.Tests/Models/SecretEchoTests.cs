using System.Net;
using System.Net.Http.Json;
using System.Text;
using Commune.Providers.Errors;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Models;

/// <summary>
/// Upstream errors that echo the request's credentials, through the real gateway: the canary keys of <c>oc1</c> and <c>ac1</c> reach
/// the fake provider and come back in its 400, 500 and 503 bodies, and appear nowhere Commune serves or logs.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class SecretEchoTests(ModelGatewayFixture fixture)
{
    private static readonly string[] Canaries = [ModelGatewayFixture.CanaryOpenAiKey, ModelGatewayFixture.CanaryAnthropicKey];

    private FakeProviderServer Fake => fixture.Fake;

    [Fact]
    public async Task Provider_errors_that_echo_the_api_key_are_redacted_in_the_reply_the_provider_list_and_the_logs()
    {
        Fake.Script("canary-a", FakeReply.Status(400, message: "Invalid request").EchoingCredentials());
        Fake.Script("canary-b", FakeReply.ServerError().EchoingCredentials(), FakeReply.ServerError().EchoingCredentials());
        Fake.Script("canary-c", FakeReply.Status(503, message: "Upstream unavailable").EchoingCredentials(), FakeReply.Status(503, message: "Upstream unavailable").EchoingCredentials());

        var response = await fixture.Client.PostAsJsonAsync("/v1/chat/completions", ModelGatewayFixture.Chat("canary"));
        var reply = await response.Content.ReadAsStringAsync();
        var providers = await fixture.Client.GetStringAsync("/v1/providers");

        // The keys did go out, and the fake did send them back: the test has something to catch.
        Assert.Contains(Fake.RequestsFor("canary-a"), r => r.Authorization == "Bearer " + ModelGatewayFixture.CanaryOpenAiKey);
        Assert.Contains(Fake.RequestsFor("canary-b"), r => Sent(r, ModelGatewayFixture.CanaryAnthropicKey));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var details = body.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("detail").GetString() ?? "").ToArray();
        Assert.Equal(3, details.Length);
        Assert.All(details, d => Assert.Contains(SecretRedactor.Mask, d, StringComparison.Ordinal));
        Assert.Contains("Invalid request", details[0], StringComparison.Ordinal);
        Assert.Contains("Upstream unavailable", details[2], StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, providers, StringComparison.Ordinal);

        AssertNoCanary(reply + string.Concat(response.Headers.Select(h => h.Key + ": " + string.Join(",", h.Value))), "the chat reply");
        AssertNoCanary(providers, "GET /v1/providers");
        AssertNoCanary(string.Join("\n", fixture.Logs.Entries), "the logs");
    }

    [Fact]
    public async Task A_stream_error_that_echoes_the_api_key_is_redacted_in_the_event_stream_and_the_provider_list()
    {
        Fake.Script("s-canary-a", FakeReply.StreamError(2, FakeReply.ServerError()).EchoingCredentials());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ModelGatewayFixture.Chat("s-canary", stream: true)),
        };
        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new StringBuilder();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                events.Append(line).Append('\n');
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The gateway ends a broken stream abruptly; what arrived before is what a client saw.
        }

        var providers = await fixture.Client.GetStringAsync("/v1/providers");

        Assert.Contains(Fake.RequestsFor("s-canary-a"), r => Sent(r, ModelGatewayFixture.CanaryAnthropicKey));
        Assert.Contains("event: error", events.ToString(), StringComparison.Ordinal);
        AssertNoCanary(events.ToString(), "the event stream");
        AssertNoCanary(providers, "GET /v1/providers");
        AssertNoCanary(string.Join("\n", fixture.Logs.Entries), "the logs");
    }

    /// <summary>The Anthropic SDK sends its key as a bearer token, not as x-api-key.</summary>
    private static bool Sent(FakeRequest request, string key) => request.Authorization == "Bearer " + key || request.ApiKey == key;

    private static void AssertNoCanary(string text, string where)
    {
        foreach (var canary in Canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"A canary key appears in {where}: {text}");
        }
    }
}
