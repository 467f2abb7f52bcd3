using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Commune.Gateway.Endpoints.GitHub;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.GitHub;

/// <summary>Sends deliveries the way GitHub does (signed raw body, event and delivery headers) and reads sessions back.</summary>
/// <param name="anonymous">Posts webhooks with no API key, as GitHub does.</param>
/// <param name="client">Reads sessions (with the API key when the gateway has keys).</param>
/// <param name="secret">The webhook secret deliveries are signed with.</param>
public sealed class GitHubWebhookClient(HttpClient anonymous, HttpClient client, string secret)
{
    public HttpClient Http => client;

    public async Task<HttpResponseMessage> SendAsync(
        string eventName, string body, string? delivery = null, string? signature = null, bool sign = true, byte[]? rawOverride = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/github")
        {
            Content = new ByteArrayContent(rawOverride ?? bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", "512345678");
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/8b2c9a1");
        if (sign)
        {
            request.Headers.Add("X-Hub-Signature-256", signature ?? WebhookSignature.Sign(secret, bytes));
        }

        return await anonymous.SendAsync(request);
    }

    /// <summary>Sends a fixture for <paramref name="pr"/>; asserts the status and returns the reply.</summary>
    public async Task<JsonElement> DeliverAsync(GitHubPayloads pr, string fixture, string? delivery = null, int expect = 202)
    {
        using var response = await SendAsync(GitHubPayloads.EventOf(fixture), pr.Render(fixture), delivery);
        var reply = await Json.ReadAsync(response);
        Assert.True((int)response.StatusCode == expect, $"{fixture}: expected {expect}, got {(int)response.StatusCode}: {reply}");
        return reply;
    }

    /// <summary>The session, or null on 404.</summary>
    public async Task<JsonElement?> SessionAsync(GitHubPayloads pr)
    {
        using var response = await client.GetAsync(pr.SessionPath);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"GET {pr.SessionPath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync(response);
    }

    /// <summary>Polls the session until <paramref name="done"/> holds (processing is asynchronous).</summary>
    public async Task<JsonElement> WaitAsync(GitHubPayloads pr, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await SessionAsync(pr);
            if (last is { } s && done(s))
            {
                return s;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{pr.Key}: {what} did not happen; last session: {last?.ToString() ?? "none"}");
    }

    public static long EventsApplied(JsonElement session) => session.GetProperty("events_applied").GetInt64();
}
