using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Commune.Tests.Infrastructure;

/// <summary>Small helpers for the task routes: post a body, read a task, claim, and read problems and topics.</summary>
public sealed class TaskApi(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>A prefix unique to one test, for task ids and tags.</summary>
    public static string NewPrefix(string name) => $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 13, 100)];

    public Task<HttpResponseMessage> PostAsync(string path, object body) => client.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string mediaType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));

    public Task<HttpResponseMessage> PatchAsync(string id, object body) => client.PatchAsJsonAsync($"/v1/tasks/{id}", body);

    /// <summary>Creates one task and insists on 201.</summary>
    public async Task<JsonElement> CreateAsync(object body)
    {
        var response = await PostAsync("/v1/tasks", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Creates a batch and insists on 201.</summary>
    public async Task<JsonElement> CreateBatchAsync(params object[] tasks)
    {
        var response = await PostAsync("/v1/tasks/batch", new { tasks });
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"batch: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>The task, insisting it exists.</summary>
    public async Task<JsonElement> GetAsync(string id)
    {
        var response = await client.GetAsync($"/v1/tasks/{id}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get {id}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<string> StatusAsync(string id) => (await GetAsync(id)).GetProperty("status").GetString()!;

    public Task<HttpResponseMessage> ClaimAsync(string id, string agent, double? leaseSeconds = null, string[]? capabilities = null) =>
        PostAsync($"/v1/tasks/{id}/claim", new { agent_id = agent, lease_seconds = leaseSeconds, capabilities });

    /// <summary>Claims and insists on winning; returns the claim's epoch.</summary>
    public async Task<long> ClaimOkAsync(string id, string agent, double? leaseSeconds = null, string[]? capabilities = null)
    {
        var response = await ClaimAsync(id, agent, leaseSeconds, capabilities);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"claim {id} by {agent}: {(int)response.StatusCode} {json}");
        return json.GetProperty("epoch").GetInt64();
    }

    public Task<HttpResponseMessage> HolderAsync(string id, string verb, string agent, long epoch, object? result = null, string? error = null, string? reason = null) =>
        PostAsync($"/v1/tasks/{id}/{verb}", new { agent_id = agent, epoch, result, error, reason });

    /// <summary>Sends a holder command and insists on 200; returns the task.</summary>
    public async Task<JsonElement> HolderOkAsync(string id, string verb, string agent, long epoch, object? result = null, string? error = null, string? reason = null)
    {
        var response = await HolderAsync(id, verb, agent, epoch, result, error, reason);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{verb} {id} by {agent}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Claims and completes a task with a result.</summary>
    public async Task<JsonElement> ClaimAndCompleteAsync(string id, string agent, object result)
    {
        var epoch = await ClaimOkAsync(id, agent);
        return await HolderOkAsync(id, "complete", agent, epoch, result);
    }

    public Task<HttpResponseMessage> NextAsync(string agent, string? tags = null, string? capabilities = null, string? role = null)
    {
        var query = $"/v1/tasks/next?agent_id={Uri.EscapeDataString(agent)}";
        query += tags is null ? "" : $"&tags={Uri.EscapeDataString(tags)}";
        query += capabilities is null ? "" : $"&capabilities={Uri.EscapeDataString(capabilities)}";
        query += role is null ? "" : $"&role={Uri.EscapeDataString(role)}";
        return client.GetAsync(query);
    }

    /// <summary>The id of the task <c>next</c> offers, or null on 204.</summary>
    public async Task<string?> NextIdAsync(string agent, string? tags = null, string? capabilities = null, string? role = null)
    {
        var response = await NextAsync(agent, tags, capabilities, role);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"next: {(int)response.StatusCode} {json}");
        return json.GetProperty("id").GetString();
    }

    /// <summary>Asserts a problem response with the status and, when given, the <c>code</c> extension; returns the problem.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (code is not null)
        {
            Assert.Equal(code, json.GetProperty("code").GetString());
        }

        return json;
    }

    /// <summary>Every message of a topic, oldest first (paging through the log).</summary>
    public async Task<IReadOnlyList<JsonElement>> TopicAsync(string topic)
    {
        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await Json.ReadAsync(await client.GetAsync($"/v1/topics/{Uri.EscapeDataString(topic)}/messages?after={after}&limit=1000"));
            var messages = page.GetProperty("messages").EnumerateArray().ToList();
            all.AddRange(messages);
            if (messages.Count == 0)
            {
                return all;
            }

            after = page.GetProperty("next_after").GetInt64();
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the task, failing with its last state at the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var task = await GetAsync(id);
            if (condition(task))
            {
                return task;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{id} did not become {what} within {timeout}: {task}");
            }

            await Task.Delay(100);
        }
    }

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
