using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>Helpers for the live coordination routes: members, explicit observations, the report.</summary>
public sealed class CoordinationApi(HttpClient client)
{
    public static string NewTeam(string name) => $"{name}-{Guid.NewGuid():N}";

    public static string Path(string team) => Uri.EscapeDataString(team);

    public async Task AddMembersAsync(string team, params string[] agents)
    {
        var response = await client.PostAsJsonAsync($"/v1/coordination/teams/{Path(team)}/members", new { agents });
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"members {team}: {(int)response.StatusCode} {json}");
    }

    public async Task<int> ObserveAsync(string team, IEnumerable<object> observations)
    {
        var response = await client.PostAsJsonAsync($"/v1/coordination/teams/{Path(team)}/observations", new { observations = observations.ToArray() });
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"observations {team}: {(int)response.StatusCode} {json}");
        return json.GetProperty("recorded").GetInt32();
    }

    public Task<HttpResponseMessage> ReportAsync(string query) => client.GetAsync("/v1/coordination/report?" + query);

    public async Task<JsonElement> ReportOkAsync(string team, string? extra = null)
    {
        var response = await ReportAsync($"team={Uri.EscapeDataString(team)}{extra}");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"report {team}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Polls the report until it satisfies the condition, failing with the last report at the deadline.</summary>
    public async Task<JsonElement> WaitForReportAsync(string team, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null, string? extra = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await ReportAsync($"team={Uri.EscapeDataString(team)}{extra}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var report = await Json.ReadAsync(response);
                last = report;
                if (condition(report))
                {
                    return report;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The report of {team} never showed {what}; last: {last}");
        return default;
    }

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
