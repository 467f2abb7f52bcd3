using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>Helpers for agents, pools, spawning and the supervisor report, on top of <see cref="TaskApi"/>.</summary>
public sealed class SupervisionApi(HttpClient client)
{
    public TaskApi Tasks { get; } = new(client);

    public HttpClient Client => client;

    public async Task<JsonElement> RegisterAsync(string name, string role = "worker")
    {
        var response = await client.PostAsJsonAsync("/v1/agents", new { name, role });
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"register {name}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> AgentAsync(string id)
    {
        var response = await client.GetAsync($"/v1/agents/{Uri.EscapeDataString(id)}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"agent {id}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> PoolAsync(string name)
    {
        var response = await client.GetAsync($"/v1/pools/{Uri.EscapeDataString(name)}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"pool {name}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> DeclarePoolAsync(object body)
    {
        var response = await client.PostAsJsonAsync("/v1/pools", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"declare pool: {(int)response.StatusCode} {json}");
        return json;
    }

    public Task<HttpResponseMessage> DeletePoolAsync(string name) => client.DeleteAsync($"/v1/pools/{Uri.EscapeDataString(name)}");

    public async Task<JsonElement> ReportAsync() => await Json.ReadAsync(await client.GetAsync("/v1/supervisor"));

    public async Task<IReadOnlyList<JsonElement>> InboxAsync(string agent)
    {
        var json = await Json.ReadAsync(await client.GetAsync($"/v1/agents/{Uri.EscapeDataString(agent)}/messages?limit=1000"));
        return [.. json.GetProperty("messages").EnumerateArray()];
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="condition"/> holds, failing with the last value at the deadline.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {timeout}; last: {value}");
            }

            await Task.Delay(100);
        }
    }
}
