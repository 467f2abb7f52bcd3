using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commune.Bench.Tasks;

/// <summary>The gateway's task routes, over keep-alive HTTP/1.1 connections.</summary>
internal sealed class HttpTaskDriver(string url) : ITaskDriver
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url + "/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string Name => "http " + url;

    public async Task CreateAsync(IReadOnlyList<DagTask> batch)
    {
        var body = new { tasks = batch.Select(t => new { id = t.Id, title = "bench " + t.Id, priority = t.Priority, depends_on = t.DependsOn }) };
        using var response = await _http.PostAsJsonAsync("v1/tasks/batch", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"batch create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<string?> NextAsync(string agentId)
    {
        using var response = await _http.GetAsync("v1/tasks/next?agent_id=" + agentId);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return doc.RootElement.GetProperty("id").GetString();
    }

    public async Task<long?> ClaimAsync(string taskId, string agentId)
    {
        using var response = await _http.PostAsJsonAsync($"v1/tasks/{taskId}/claim", new { agent_id = agentId });
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return doc.RootElement.GetProperty("epoch").GetInt64();
    }

    public async Task<bool> CompleteAsync(string taskId, string agentId, long epoch)
    {
        using var response = await _http.PostAsJsonAsync($"v1/tasks/{taskId}/complete", new { agent_id = agentId, epoch, result = new { ok = true } });
        return response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.Conflict ? false : throw new InvalidOperationException($"complete answered {(int)response.StatusCode}"));
    }

    public async Task<int> CountCompletedAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("v1/tasks/counts"));
        return doc.RootElement.GetProperty("completed").GetInt32();
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
