using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Bench.Tasks;

namespace Commune.Bench.Faults;

/// <summary>
/// The task routes as a careful agent uses them during a fault: a 5xx or a transport failure is retried (the same agent re-claiming
/// gets its claim back; a completion is retried with the same epoch), and a 409 after a retried completion is checked against the
/// task, counting "applied but refused" when the first attempt had in fact been applied.
/// </summary>
internal sealed class FaultTaskApi(HttpClient http, RequestLog log)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private long _appliedButRefused;

    public long AppliedButRefused => Interlocked.Read(ref _appliedButRefused);

    public async Task CreateAsync(IReadOnlyList<DagTask> batch)
    {
        var body = new { tasks = batch.Select(t => new { id = t.Id, title = "fault bench " + t.Id, priority = t.Priority, depends_on = t.DependsOn }) };
        using var response = await log.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Post, "v1/tasks/batch") { Content = JsonContent.Create(body) }, "create");
        if (response?.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"batch create answered {(int?)response?.StatusCode}: {(response is null ? "" : await response.Content.ReadAsStringAsync())}");
        }
    }

    /// <summary>The offered task's id, none (204), or Retry for a 5xx or transport failure.</summary>
    public async Task<(string? Id, bool Retry)> NextAsync(string agent)
    {
        using var response = await log.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "v1/tasks/next?agent_id=" + agent), "next");
        if (response is null || (int)response.StatusCode >= 500)
        {
            return (null, true);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, false);
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return (doc.RootElement.GetProperty("id").GetString(), false);
    }

    /// <summary>The claim's epoch when won; null when another agent has it or the task moved on.</summary>
    public async Task<long?> ClaimAsync(string id, string agent, CancellationToken deadline)
    {
        while (!deadline.IsCancellationRequested)
        {
            using var response = await log.SendAsync(http,
                () => new HttpRequestMessage(HttpMethod.Post, $"v1/tasks/{id}/claim") { Content = JsonContent.Create(new { agent_id = agent }) }, "claim");
            if (response is null || (int)response.StatusCode >= 500)
            {
                await Task.Delay(RetryDelay, CancellationToken.None);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(CancellationToken.None));
            return doc.RootElement.GetProperty("epoch").GetInt64();
        }

        return null;
    }

    /// <summary>True when the completion was applied (answered 200, or refused on a retry although the first try had been applied).</summary>
    public async Task<bool> CompleteAsync(string id, string agent, long epoch, CancellationToken deadline)
    {
        var retried = false;
        while (!deadline.IsCancellationRequested)
        {
            using var response = await log.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Post, $"v1/tasks/{id}/complete")
            {
                Content = JsonContent.Create(new { agent_id = agent, epoch, result = new { ok = true } }),
            }, "complete");
            if (response is null || (int)response.StatusCode >= 500)
            {
                retried = true;
                await Task.Delay(RetryDelay, CancellationToken.None);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (retried && await HeldCompletedAsync(id, agent, epoch))
            {
                Interlocked.Increment(ref _appliedButRefused);
                return true;
            }

            return false;
        }

        return false;
    }

    /// <summary>Reads every task back: how many did not complete, and how many completed before one of their dependencies did.</summary>
    public async Task<(int NotCompleted, int OrderViolations)> VerifyAsync(IReadOnlyList<DagTask> tasks)
    {
        var completedAt = new ConcurrentDictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (task, _) =>
        {
            using var doc = await GetAsync(task.Id);
            var root = doc.RootElement;
            completedAt[task.Id] = root.GetProperty("status").GetString() == "completed" && root.GetProperty("completed_at").ValueKind == JsonValueKind.String
                ? root.GetProperty("completed_at").GetDateTimeOffset()
                : null;
        });
        var notCompleted = completedAt.Count(p => p.Value is null);
        var violations = tasks.Count(t => completedAt[t.Id] is { } done && t.DependsOn.Any(d => completedAt[d] is not { } dep || dep > done));
        return (notCompleted, violations);
    }

    private async Task<bool> HeldCompletedAsync(string id, string agent, long epoch)
    {
        using var doc = await GetAsync(id);
        var root = doc.RootElement;
        return root.GetProperty("status").GetString() == "completed"
            && root.GetProperty("agent_id").GetString() == agent
            && root.GetProperty("epoch").GetInt64() == epoch;
    }

    private async Task<JsonDocument> GetAsync(string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await log.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, $"v1/tasks/{id}"), "get");
            if (response is { IsSuccessStatusCode: true })
            {
                return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            }

            if (attempt > 100)
            {
                throw new InvalidOperationException($"GET v1/tasks/{id} kept failing ({(int?)response?.StatusCode})");
            }

            await Task.Delay(RetryDelay);
        }
    }
}
