using System.Net;
using System.Text.Json;

namespace Commune.Tests.Infrastructure;

/// <summary>Helpers for <c>/v1/events</c>: events are written a flush interval after they happen, so readers poll until they appear.</summary>
public sealed class EventApi(HttpClient client)
{
    /// <summary>Every event the query selects, oldest first, paging with <c>next_after</c>.</summary>
    public async Task<IReadOnlyList<JsonElement>> AllAsync(string query, int limit = 1000)
    {
        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            using var response = await client.GetAsync($"/v1/events?{query}&after={after}&limit={limit}");
            var page = await Json.ReadAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"events?{query}: {(int)response.StatusCode} {page}");
            var events = page.GetProperty("events").EnumerateArray().ToList();
            all.AddRange(events);
            if (events.Count == 0)
            {
                return all;
            }

            after = page.GetProperty("next_after").GetInt64();
        }
    }

    /// <summary>Polls until the query selects events whose kinds are exactly <paramref name="kinds"/>, failing with what it saw.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForKindsAsync(string query, params string[] kinds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var events = await AllAsync(query);
            var seen = Kinds(events);
            if (seen.SequenceEqual(kinds))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline || seen.Count > kinds.Length)
            {
                Assert.Fail($"events?{query}: expected [{string.Join(", ", kinds)}], got [{string.Join(", ", seen)}]");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>GET /v1/events/state with the query; returns the status code and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> StateAsync(string query)
    {
        using var response = await client.GetAsync($"/v1/events/state?{query}");
        return (response.StatusCode, await Json.ReadAsync(response));
    }

    public static IReadOnlyList<string> Kinds(IEnumerable<JsonElement> events) => [.. events.Select(e => e.GetProperty("kind").GetString()!)];
}
