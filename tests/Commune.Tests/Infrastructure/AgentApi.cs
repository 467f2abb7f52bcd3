using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commune.Tests.Infrastructure;

/// <summary>Small helpers for the agent and message routes: register, send, read and acknowledge an inbox, wait for a status.</summary>
public sealed class AgentApi(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>An agent name unique to one test.</summary>
    public static string NewName(string name) => $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 13, 100)];

    public Task<HttpResponseMessage> RegisterAsync(object body) => client.PostAsJsonAsync("/v1/agents", body);

    /// <summary>Registers (or re-registers) and insists on success; returns the agent.</summary>
    public async Task<JsonElement> RegisterOkAsync(string name, string role = "worker", string[]? capabilities = null, int? maxConcurrentTasks = null, string[]? subscriptions = null)
    {
        var response = await RegisterAsync(new { name, role, capabilities, max_concurrent_tasks = maxConcurrentTasks, subscriptions });
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"register {name}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> GetAsync(string id)
    {
        var response = await client.GetAsync($"/v1/agents/{id}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get agent {id}: {(int)response.StatusCode} {json}");
        return json;
    }

    public Task<HttpResponseMessage> SendAsync(object body) => client.PostAsJsonAsync("/v1/messages", body);

    /// <summary>Sends and insists on 200; returns the response (route, recipients, message).</summary>
    public async Task<JsonElement> SendOkAsync(object body)
    {
        var response = await SendAsync(body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"send: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> InboxAsync(string id, long after = 0, int limit = 100)
    {
        var response = await client.GetAsync($"/v1/agents/{id}/messages?after={after}&limit={limit}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"inbox {id}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(string id) => [.. (await InboxAsync(id, limit: 1000)).GetProperty("messages").EnumerateArray()];

    /// <summary>Polls the inbox until it holds at least <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForMessagesAsync(string id, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = await MessagesAsync(id);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{id}'s inbox holds {messages.Count} messages, expected {count}: {string.Join(", ", messages)}");
            }

            await Task.Delay(50);
        }
    }

    public Task<HttpResponseMessage> AckAsync(string id, params string[] ids) => client.PostAsJsonAsync($"/v1/agents/{id}/messages/ack", new { ids });

    /// <summary>Polls the agent until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var agent = await GetAsync(id);
            if (condition(agent))
            {
                return agent;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{id} did not become {what} within {timeout}: {agent}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Agents listed by <c>GET /v1/agents</c> with the query (all pages).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string query)
    {
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var path = $"/v1/agents?{query}&limit=1000" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var response = await client.GetAsync(path);
            var page = await Json.ReadAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"list {query}: {(int)response.StatusCode} {page}");
            all.AddRange(page.GetProperty("agents").EnumerateArray());
            after = page.GetProperty("next_after").GetString();
        }
        while (after is not null);
        return all;
    }
}
