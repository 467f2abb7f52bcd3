using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Commune.Bench.Agents;

/// <summary>The gateway's agent and message routes, over keep-alive HTTP/1.1 connections.</summary>
internal sealed class HttpMessageDriver(string url) : IMessageDriver
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url + "/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string Name => "http " + url;

    public async Task RegisterAsync(string name, IReadOnlyList<string> capabilities)
    {
        using var response = await _http.PostAsJsonAsync("v1/agents", new { name, role = "worker", capabilities });
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"registering {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<(string? Id, string? Refused)> SendAsync(string from, string to, string payload)
    {
        // The body is written by hand: ids here are plain letters and digits, the payload is JSON already.
        var body = $"{{\"from\":\"{from}\",\"type\":\"direct\",\"to_agent\":\"{to}\",\"payload\":{payload}}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("v1/messages", content);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return (doc.RootElement.GetProperty("message").GetProperty("id").GetString(), null);
    }

    public async Task<IReadOnlyList<(string Id, string? To)>> ReadAsync(string agent, int limit)
    {
        using var response = await _http.GetAsync($"v1/agents/{agent}/messages?limit={limit}");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return [.. doc.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("id").GetString()!, m.TryGetProperty("to_agent", out var to) ? to.GetString() : null))];
    }

    public async Task AckAsync(string agent, IReadOnlyList<string> ids)
    {
        using var response = await _http.PostAsJsonAsync($"v1/agents/{agent}/messages/ack", new { ids });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        if (doc.RootElement.GetProperty("unknown").GetArrayLength() > 0)
        {
            throw new InvalidOperationException($"{agent}: acknowledged ids the inbox did not hold");
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
